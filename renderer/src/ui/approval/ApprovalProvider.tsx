import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import { errorCode } from '../../api/client';
import type { Approval } from '../../api/types';
import { ApprovalDialog } from './ApprovalDialog';

/** Runs an action again with a manager's approval; resolves undefined when the cashier gives up. */
type Ask = <T>(title: string, denied: unknown, run: (a: Approval) => Promise<T>) => Promise<T | undefined>;

interface Pending {
  title: string;
  denied: unknown;
  run(a: Approval): Promise<unknown>;
  done(value: unknown): void;
}

const ApprovalContext = createContext<Ask | null>(null);

export function ApprovalProvider({ children }: { children: ReactNode }) {
  const [pending, setPending] = useState<Pending | null>(null);
  const ask = useCallback<Ask>(
    (title, denied, run) =>
      new Promise((resolve) => {
        setPending({ title, denied, run, done: (v) => resolve(v as never) });
      }),
    [],
  );
  const finish = (value: unknown) => {
    pending?.done(value);
    setPending(null);
  };
  return (
    <ApprovalContext.Provider value={ask}>
      {children}
      {pending && (
        <ApprovalDialog
          title={pending.title}
          denied={pending.denied}
          run={pending.run}
          onDone={finish}
          onCancel={() => finish(undefined)}
        />
      )}
    </ApprovalContext.Provider>
  );
}

/**
 * Tries an action as the signed-in user; if the core answers forbidden (the user lacks line.remove, price.override,
 * discount.over_limit, ...), asks for a manager's PIN and tries again with `approval`. Other failures are thrown.
 */
export function useWithApproval() {
  const ask = useContext(ApprovalContext);
  return useCallback(
    async <T,>(title: string, run: (a?: Approval) => Promise<T>): Promise<T | undefined> => {
      try {
        return await run(undefined);
      } catch (err) {
        if (errorCode(err) !== 'forbidden' || !ask) throw err;
        return ask(title, err, run);
      }
    },
    [ask],
  );
}

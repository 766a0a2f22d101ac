import { Kbd } from '@mantine/core';
import { memo, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import css from './KeyHints.module.css';
import { COUNTER_KEYS, type CounterAction } from './keys';
import { useSaleState, type SaleState } from './saleStore';

/** When a key's action has nothing to act on, read from the sale: its hint shows disabled. */
export type DisabledWhen = Partial<Record<CounterAction, (s: SaleState) => boolean>>;

const never = () => false;

/**
 * The F-keys on screen, each also a touch target doing the same thing. The first scan of every sale enables several of
 * them at once (a line to act on, something to pay): each hint follows its own slice of the sale and is a plain
 * button around a label made once per language, so that scan sets a few `disabled` attributes and renders nothing
 * else (eleven Mantine buttons and their translations made the first scan of a sale the slowest).
 */
export const KeyHints = memo(function KeyHints({
  onAction,
  disabledWhen,
}: {
  onAction(a: CounterAction): void;
  disabledWhen: DisabledWhen;
}) {
  const { t } = useTranslation();
  const labels = useMemo(
    () =>
      COUNTER_KEYS.map(([key, action]) => ({
        key,
        action,
        content: (
          <>
            <Kbd>{key === 'Delete' ? 'Del' : key}</Kbd>
            <span className={css.label}>{t(`keys.${action}`)}</span>
          </>
        ),
      })),
    [t],
  );
  return (
    <div className={css.hints} data-testid="key-hints">
      {labels.map(({ key, action, content }) => (
        <KeyHint key={key} action={action} onAction={onAction} disabledWhen={disabledWhen[action] ?? never}>
          {content}
        </KeyHint>
      ))}
    </div>
  );
});

const KeyHint = memo(function KeyHint({
  action,
  onAction,
  disabledWhen,
  children,
}: {
  action: CounterAction;
  onAction(a: CounterAction): void;
  disabledWhen(s: SaleState): boolean;
  children: ReactNode;
}) {
  const disabled = useSaleState(disabledWhen);
  return (
    <button
      type="button"
      className={css.hint}
      data-testid={`key-${action}`}
      disabled={disabled}
      onClick={() => onAction(action)}
      // A touch on a hint must not take the focus from the scan field.
      onMouseDown={(e) => e.preventDefault()}
    >
      {children}
    </button>
  );
});

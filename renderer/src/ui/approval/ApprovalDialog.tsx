import { Button, Group, Modal, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorCode } from '../../api/client';
import { useApiQuery } from '../../api/hooks';
import type { Approval } from '../../api/types';
import { PinPad } from '../../screens/PinPad';
import { useSession } from '../../session/session';
import { ErrorAlert } from '../ErrorAlert';
import { roleLabel } from '../roles';
import { useRetryWait } from '../useRetryWait';

interface Props {
  title: string;
  /** The refusal that brought the dialog up, shown so the cashier knows why. */
  denied: unknown;
  run(a: Approval): Promise<unknown>;
  onDone(value: unknown): void;
  onCancel(): void;
}

const RANK: Record<string, number> = { manager: 0, owner: 1 };

/** "Manager approval": pick who approves, their PIN, and the action runs again carrying it. */
export function ApprovalDialog({ title, denied, run, onDone, onCancel }: Props) {
  const { t } = useTranslation();
  const { user } = useSession();
  const users = useApiQuery('auth.users', {});
  const approvers = (users.data ?? []).filter((u) => u.id !== user?.id).sort((a, b) => (RANK[a.role] ?? 9) - (RANK[b.role] ?? 9));
  const [picked, setPicked] = useState<number | null>(null);
  const chosen = picked ?? approvers[0]?.id ?? null;
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  /** Whose PIN the error is about: a throttle holds back that approver only. */
  const [retryFor, setRetryFor] = useState<number | null>(null);
  const pinRef = useRef<HTMLInputElement>(null);
  // The approver's PIN is throttled like a login: wait out the countdown (or pick someone else).
  const wait = useRetryWait(error);
  const held = wait > 0 && retryFor === chosen;

  const type = (v: string) => setPin(v.replace(/\D/g, '').slice(0, 8));
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (chosen === null || pin.length < 4 || busy || held) return;
    setBusy(true);
    setError(null);
    try {
      onDone(await run({ userId: chosen, pin }));
    } catch (err) {
      // A wrong PIN, or an approver who may not allow this either: pick again or retype.
      setError(err);
      setRetryFor(chosen);
      setPin('');
      setBusy(false);
      pinRef.current?.focus();
    }
  };

  return (
    <Modal opened onClose={busy ? () => {} : onCancel} title={t('approval.title')} size="lg" centered>
      <form onSubmit={(e) => void submit(e)} data-testid="approval-dialog">
        <Stack>
          <Text fw={600} data-testid="approval-action">
            {title}
          </Text>
          <Text size="sm" c="dimmed" data-code={errorCode(denied)}>
            {t('approval.why')}
          </Text>
          <SimpleGrid cols={2} spacing="xs">
            {approvers.map((u) => (
              <Button
                key={u.id}
                data-testid={`approval-user-${u.id}`}
                variant={u.id === chosen ? 'filled' : 'default'}
                aria-pressed={u.id === chosen}
                onClick={() => (setPicked(u.id), pinRef.current?.focus())}
              >
                {u.name} · {roleLabel(t, u.role)}
              </Button>
            ))}
          </SimpleGrid>
          <TextInput
            ref={pinRef}
            label={t('approval.pin')}
            type="password"
            inputMode="numeric"
            autoComplete="off"
            data-autofocus
            data-testid="approval-pin"
            value={pin}
            onChange={(e) => type(e.currentTarget.value)}
            styles={{ input: { fontSize: 28, letterSpacing: 8, textAlign: 'center' } }}
          />
          <ErrorAlert error={error} testId="approval-error" />
          <PinPad disabled={busy} onDigit={(d) => type(pin + d)} onBack={() => type(pin.slice(0, -1))} onClear={() => type('')} />
          <Group grow>
            <Button variant="default" onClick={onCancel} disabled={busy} data-testid="approval-cancel">
              {t('app.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={chosen === null || pin.length < 4 || held} data-testid="approval-confirm">
              {t('approval.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

import { Button, Divider, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks';
import type { Cart, CartSummary } from '../../api/types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';

interface Props {
  cart: Cart;
  park(note: string): Promise<unknown>;
  recall(parked: CartSummary): Promise<unknown>;
  onClose(): void;
}

/** Put the current sale aside (the customer forgot something) and serve the next one; recall it later. */
export function ParkDialog({ cart, park, recall, onClose }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const parked = useApiQuery('cart.parked', {}, { staleTime: 0 });
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const run = async (job: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await job();
      onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (cart.lines.length && !busy) void run(() => park(note.trim()));
  };

  return (
    <Modal opened onClose={onClose} title={t('park.title')} size="lg" centered>
      <Stack data-testid="park-dialog">
        {cart.lines.length > 0 && (
          <form onSubmit={submit}>
            <Group align="flex-end" wrap="nowrap">
              <TextInput
                flex={1}
                label={t('park.note')}
                data-autofocus
                data-testid="park-note"
                value={note}
                maxLength={100}
                onChange={(e) => setNote(e.currentTarget.value)}
              />
              <Button type="submit" loading={busy} data-testid="park-confirm">
                {t('park.park')}
              </Button>
            </Group>
          </form>
        )}
        <ErrorAlert error={error ?? parked.error} testId="park-error" />
        <Divider label={t('park.parked')} />
        {parked.isSuccess && !parked.data.length && <Text c="dimmed">{t('park.none')}</Text>}
        {(parked.data ?? []).map((p, i) => (
          <Group key={p.id} justify="space-between" wrap="nowrap" data-testid="parked-row" data-cart-id={p.id} data-total={p.total}>
            <Stack gap={0} miw={0}>
              <Text fw={500} truncate>
                {p.note || t('park.noNote')} · {f.money(p.total)}
              </Text>
              <Text size="sm" c="dimmed">
                {t('park.meta', { lines: p.lines, user: p.userName, at: f.date(p.updatedAt) })}
              </Text>
            </Stack>
            <Button
              variant="light"
              data-testid={`parked-recall-${p.id}`}
              data-autofocus={!cart.lines.length && i === 0 ? true : undefined}
              disabled={busy || cart.lines.length > 0}
              onClick={() => void run(() => recall(p))}
            >
              {t('park.recall')}
            </Button>
          </Group>
        ))}
        {cart.lines.length > 0 && (parked.data ?? []).length > 0 && (
          <Text size="sm" c="dimmed">
            {t('park.finishFirst')}
          </Text>
        )}
      </Stack>
    </Modal>
  );
}

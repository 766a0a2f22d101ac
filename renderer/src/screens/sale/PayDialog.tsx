import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';

interface Props {
  total: number;
  /** Posts the sale with this much cash received; rejects with the failure to show. */
  onPay(tendered: number): Promise<void>;
  onClose(): void;
}

/** Mounted only while open, so every opening starts from "tendered = total". */
export function PayDialog({ total, onPay, onClose }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const [text, setText] = useState(() => f.moneyInput(total));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const tendered = f.parseMoney(text);
  const short = tendered !== null && tendered < total ? total - tendered : 0;
  const canPay = tendered !== null && short === 0 && !busy;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!canPay) return;
    setBusy(true);
    setError(null);
    try {
      await onPay(tendered);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={busy ? () => {} : onClose} title={t('pay.title')} size="lg" centered closeOnClickOutside={!busy} closeOnEscape={!busy}>
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          <Group justify="space-between">
            <Text size="lg">{t('pay.total')}</Text>
            <Text size="xl" fw={700} data-testid="pay-total">
              {f.money(total)}
            </Text>
          </Group>
          <TextInput
            label={t('pay.tendered')}
            data-testid="tendered-input"
            inputMode="decimal"
            autoComplete="off"
            data-autofocus
            value={text}
            onFocus={(e) => e.currentTarget.select()}
            onChange={(e) => setText(e.currentTarget.value)}
            error={tendered === null ? t('pay.invalid') : short ? t('pay.short', { missing: f.money(short) }) : null}
            styles={{ input: { fontSize: 24, textAlign: 'right' } }}
          />
          <Group justify="space-between">
            <Text size="lg">{t('pay.change')}</Text>
            <Text size="xl" fw={700} data-testid="pay-change">
              {f.money(tendered !== null && !short ? tendered - total : 0)}
            </Text>
          </Group>
          <ErrorAlert error={error} testId="pay-error" />
          <Group justify="flex-end" grow>
            <Button variant="default" onClick={onClose} disabled={busy}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" data-testid="pay-confirm" loading={busy} disabled={!canPay}>
              {t('pay.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

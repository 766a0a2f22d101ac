import { Button, Divider, Group, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/client';
import type { Shift, ShiftReport } from '../../api/types';
import { useSession } from '../../session/session';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { newUuid } from '../../ui/uuid';
import { ShiftReportView } from './ShiftReportView';
import { segmentTouch } from '../../ui/touch';

interface Props {
  shift: Shift;
  onClosed(z: ShiftReport): void;
  onClose(): void;
}

/** The shift: cash in/out with a reason, an X report at any time, and closing with the counted cash. */
export function ShiftDialog({ shift, onClosed, onClose }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useSession();
  const [kind, setKind] = useState<'in' | 'out'>('out');
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState('');
  const [countedText, setCountedText] = useState('');
  // One key per cash movement: a retry after a lost answer cannot move the cash twice.
  const [cashUuid, setCashUuid] = useState(newUuid);
  const [x, setX] = useState<ShiftReport | null>(null);
  const [busy, setBusy] = useState<null | 'cash' | 'x' | 'close'>(null);
  const [error, setError] = useState<unknown>(null);
  const [moved, setMoved] = useState<string | null>(null);

  const amount = f.parseMoney(amountText);
  const counted = f.parseMoney(countedText);
  const run = async (what: 'cash' | 'x' | 'close', job: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    try {
      await job();
    } catch (err) {
      setError(err);
    }
    setBusy(null);
  };

  const cash = (e: FormEvent) => {
    e.preventDefault();
    if (!amount || !reason.trim() || busy) return;
    void run('cash', async () => {
      await request('shift.cash', { uuid: cashUuid, kind, amount, reason: reason.trim() });
      setMoved(t(kind === 'in' ? 'shift.cashInDone' : 'shift.cashOutDone', { amount: f.money(amount) }));
      setCashUuid(newUuid());
      setAmountText('');
      setReason('');
    });
  };
  const close = (e: FormEvent) => {
    e.preventDefault();
    if (counted === null || busy) return;
    void run('close', async () => onClosed(await request('shift.close', { countedCash: counted })));
  };

  return (
    <Modal opened onClose={busy ? () => {} : onClose} title={t('shift.title', { number: shift.number })} size="xl" centered>
      <Stack data-testid="shift-dialog" data-shift-id={shift.id}>
        <Text c="dimmed">{t('shift.info', { user: shift.openedByName, at: f.date(shift.openedAt), float: f.money(shift.float) })}</Text>
        {can('cash.move') && (
          <form onSubmit={cash}>
            <Stack gap="xs">
              <Group align="flex-end" wrap="nowrap">
                <SegmentedControl
                  styles={segmentTouch}
                  data-testid="cash-kind"
                  value={kind}
                  onChange={(v) => setKind(v as 'in' | 'out')}
                  data={[
                    { value: 'out', label: t('shift.cashOut') },
                    { value: 'in', label: t('shift.cashIn') },
                  ]}
                />
                <TextInput
                  w={160}
                  label={t('shift.amount')}
                  inputMode="decimal"
                  autoComplete="off"
                  data-testid="cash-amount"
                  value={amountText}
                  onChange={(e) => setAmountText(e.currentTarget.value)}
                />
                <TextInput
                  flex={1}
                  label={t('shift.reason')}
                  data-testid="cash-reason"
                  value={reason}
                  maxLength={200}
                  onChange={(e) => setReason(e.currentTarget.value)}
                />
                <Button type="submit" loading={busy === 'cash'} disabled={!amount || !reason.trim()} data-testid="cash-submit">
                  {t('shift.record')}
                </Button>
              </Group>
              {moved && (
                <Text c="teal" data-testid="cash-done">
                  {moved}
                </Text>
              )}
            </Stack>
          </form>
        )}
        <Divider />
        <Group>
          <Button
            variant="light"
            loading={busy === 'x'}
            data-testid="shift-x"
            onClick={() => void run('x', async () => setX(await request('shift.x', {})))}
          >
            {t('shift.xReport')}
          </Button>
        </Group>
        {x && <ShiftReportView report={x} />}
        <Divider />
        <form onSubmit={close}>
          <Group align="flex-end" wrap="nowrap">
            <TextInput
              flex={1}
              label={t('shift.counted')}
              inputMode="decimal"
              autoComplete="off"
              data-testid="shift-counted"
              value={countedText}
              onChange={(e) => setCountedText(e.currentTarget.value)}
            />
            <Button type="submit" color="red" loading={busy === 'close'} disabled={counted === null} data-testid="shift-close">
              {t('shift.close')}
            </Button>
          </Group>
        </form>
        <ErrorAlert error={error} testId="shift-error" />
      </Stack>
    </Modal>
  );
}

import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorCode, request } from '../../api/client';
import type { ApiOutput, PostResult } from '../../api/types';
import { useScans } from '../../scanner/ScanProvider';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { newUuid } from '../../ui/uuid';
import { OrderLines } from '../orders/OrderLines';
import { PayFields, usePayment } from './PayFields';

type StoreOrder = ApiOutput<'store.order'>;

/**
 * Click & collect: the cashier scans or types the number the customer shows, sees the order's goods, what was paid
 * online and what is left, takes the rest in cash or by card, and the order becomes one sale (store.collect). An
 * order that cannot be handed over says why before anything is taken.
 */
export function WebOrderDialog({ onDone, onClose }: { onDone(sale: PostResult): void; onClose(): void }) {
  const { t } = useTranslation();
  const [number, setNumber] = useState('');
  const [order, setOrder] = useState<StoreOrder | null>(null);
  const [finding, setFinding] = useState(false);
  const [error, setError] = useState<{ err: unknown; number: string } | null>(null);
  const [collecting, setCollecting] = useState(false);

  const find = async (text: string) => {
    const wanted = text.trim();
    if (!wanted || finding || collecting) return;
    setFinding(true);
    setError(null);
    setOrder(null);
    try {
      setOrder(await request('store.order', { number: wanted }));
    } catch (err) {
      setError({ err, number: wanted.replace(/^#/, '') });
    } finally {
      setFinding(false);
    }
  };
  // The number's barcode on the customer's phone or printout, scanned while the dialog is open; the field keeps what
  // was typed (the scanner puts it back), the order shows the number.
  useScans((code) => find(code));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void find(number);
  };

  return (
    <Modal
      opened
      onClose={collecting ? () => {} : onClose}
      title={t('webOrder.title')}
      size="xl"
      centered
      closeOnClickOutside={!collecting}
      closeOnEscape={!collecting}
    >
      <Stack data-testid="web-order-dialog">
        <form onSubmit={submit}>
          <Group align="flex-end" wrap="nowrap">
            <TextInput
              flex={1}
              label={t('webOrder.number')}
              description={t('webOrder.numberHint')}
              data-testid="web-order-number"
              data-autofocus
              autoComplete="off"
              value={number}
              onChange={(e) => setNumber(e.currentTarget.value)}
            />
            <Button type="submit" variant="default" data-testid="web-order-find" loading={finding} disabled={!number.trim()}>
              {t('webOrder.find')}
            </Button>
          </Group>
        </form>
        {error &&
          (errorCode(error.err) === 'not_found' ? (
            <Alert color="red" role="alert" variant="light" data-testid="web-order-error" data-code="not_found">
              {t('webOrder.unknown', { number: error.number })}
            </Alert>
          ) : (
            <ErrorAlert error={error.err} testId="web-order-error" />
          ))}
        {order && <OrderPart key={order.orderId} order={order} onCollecting={setCollecting} onDone={onDone} onClose={onClose} />}
      </Stack>
    </Modal>
  );
}

/** Why an order cannot be handed over, in the cashier's words; null when it can. */
function useRefusal(order: StoreOrder): string | null {
  const { t } = useTranslation();
  const number = order.displayId;
  if (order.status === 'fulfilled') return t('webOrder.fulfilled', { number });
  if (order.status === 'parked') return t('webOrder.parked', { number, reason: order.reason ?? '' });
  if (order.status === 'cancelled') return t('webOrder.cancelled', { number });
  if (order.status === 'picking') return t('webOrder.picking', { number });
  return null;
}

function OrderPart(props: { order: StoreOrder; onCollecting(busy: boolean): void; onDone(sale: PostResult): void; onClose(): void }) {
  const { order } = props;
  const { t } = useTranslation();
  const f = useFormat();
  const refusal = useRefusal(order);
  return (
    <Stack gap="sm" data-testid="web-order" data-status={order.status} data-due={order.due}>
      <Group justify="space-between">
        <Text fw={700} size="lg">
          {t('webOrder.order', { number: order.displayId })}
        </Text>
        <Text data-testid="web-order-customer">{[order.customerName, order.phone, order.email].filter(Boolean).join(' · ')}</Text>
      </Group>
      <OrderLines order={order} />
      <Group justify="space-between">
        <Text>{t('webOrder.goods')}</Text>
        <Text data-testid="web-order-goods">{f.money(order.goods)}</Text>
      </Group>
      <Group justify="space-between">
        <Text>{t('webOrder.paidOnline')}</Text>
        <Text data-testid="web-order-paid" data-amount={order.paid}>
          {f.money(order.paid)}
        </Text>
      </Group>
      <Group justify="space-between">
        <Text size="lg">{t('webOrder.due')}</Text>
        <Text size="xl" fw={700} data-testid="web-order-due" data-amount={order.due}>
          {f.money(order.due)}
        </Text>
      </Group>
      {refusal ? (
        <Alert color="red" role="alert" variant="light" data-testid="web-order-refusal" data-status={order.status}>
          {refusal}
        </Alert>
      ) : (
        <Collect {...props} />
      )}
    </Stack>
  );
}

/** The remainder taken with the sale's own payment fields; one uuid per order shown, so a retry never sells twice. */
function Collect({ order, onCollecting, onDone, onClose }: Parameters<typeof OrderPart>[0]) {
  const { t } = useTranslation();
  const p = usePayment(order.due, order.due);
  const [uuid] = useState(newUuid);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const canCollect = !busy && (order.due === 0 || p.valid);
  // Found: the cashier goes straight on to the money (or to the hand-over when nothing is due).
  const cashRef = useRef<HTMLInputElement>(null);
  const collectRef = useRef<HTMLButtonElement>(null);
  useEffect(() => (order.due === 0 ? collectRef.current : cashRef.current)?.focus(), [order.due]);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!canCollect) return;
    setBusy(true);
    onCollecting(true);
    setError(null);
    try {
      const sale = await request('store.collect', { orderId: order.orderId, uuid, payments: order.due === 0 ? [] : p.payments() });
      onCollecting(false);
      onDone(sale);
    } catch (err) {
      setError(err);
      setBusy(false);
      onCollecting(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} data-testid="web-order-collect-form">
      <Stack>
        {order.due === 0 ? (
          <Text c="teal.9" data-testid="web-order-nothing-due">
            {t('webOrder.nothingDue')}
          </Text>
        ) : (
          <PayFields p={p} cashRef={cashRef} />
        )}
        <ErrorAlert error={error} testId="web-order-collect-error" />
        <Group justify="flex-end" grow>
          <Button variant="default" onClick={onClose} disabled={busy}>
            {t('app.cancel')}
          </Button>
          <Button ref={collectRef} type="submit" data-testid="web-order-collect" loading={busy} disabled={!canCollect}>
            {t('webOrder.collect')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

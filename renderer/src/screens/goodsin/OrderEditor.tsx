import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PurchaseOrder } from '../../../../core/contract/purchasing-types';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import { useSession } from '../../session/session';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { newUuid } from '../../ui/uuid';
import { STATUS_COLOR } from './GoodsInScreen';
import { addTo, LinePicker, LinesTable, linesTotal, type EditLine } from './LineEditor';
import { SupplierSelect } from './SupplierSelect';

/** A purchase order by its URL (#/goodsin/orders/42): header, lines, and what is still due after each delivery. */
export function OrderEditor() {
  const { id } = useParams({ from: '/goodsin/orders/$id' });
  const order = useApiQuery('purchase.get', { id });
  const { t } = useTranslation();
  return (
    <Stack maw={1300} mx="auto" data-testid="order-editor" data-order-id={id} data-status={order.data?.status}>
      <Anchor component={Link} to="/goodsin">
        {t('goodsin.back')}
      </Anchor>
      <ErrorAlert error={order.error} />
      {order.data && <OrderForm o={order.data} />}
    </Stack>
  );
}

function OrderForm({ o }: { o: PurchaseOrder }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useSession();
  const navigate = useNavigate();
  const client = useQueryClient();
  const show = (next: PurchaseOrder) => client.setQueryData(['purchase.get', { id: o.id }], next);
  const setLines = useApiMutation('purchase.setLines');
  const send = useApiMutation('purchase.send');
  const close = useApiMutation('purchase.close');
  const cancel = useApiMutation('purchase.cancel');
  const receive = useApiMutation('purchase.receiveDraft');
  const [receiveKey] = useState(newUuid);

  const manage = can('purchase.manage');
  const anyReceived = o.lines.some((l) => l.received > 0);
  // The core takes line changes only while nothing came in; after that the order is closed and the rest ordered anew.
  const editable = manage && (o.status === 'draft' || o.status === 'sent') && !anyReceived;
  const open = o.status === 'sent' || o.status === 'partially_received';
  const lines: EditLine[] = o.lines.map((l) => ({
    productId: l.productId,
    name: l.productName,
    unit: l.unit,
    qty: l.qty,
    unitCost: l.unitCost,
    received: l.received,
    due: l.due,
  }));
  const saveLines = (next: EditLine[]) =>
    setLines.mutate(
      {
        id: o.id,
        lines: next.map((l) => ({ productId: l.productId, qty: l.qty, ...(l.unitCost != null ? { unitCost: l.unitCost } : {}) })),
      },
      { onSuccess: show },
    );
  const error = setLines.error ?? send.error ?? close.error ?? cancel.error ?? receive.error;

  return (
    <>
      <Group justify="space-between">
        <Title order={2}>{t('goodsin.order', { number: o.number })}</Title>
        <Badge color={STATUS_COLOR[o.status]} data-testid="order-status" size="lg" variant="light">
          {t(`goodsin.statuses.${o.status}`)}
        </Badge>
      </Group>
      <OrderHeader key={`${o.supplierId}|${o.expectedDate}|${o.note}`} o={o} editable={editable} onSaved={show} />
      {editable && <LinePicker onAdd={(p, qty) => saveLines(addTo(lines, p, qty))} disabled={setLines.isPending} />}
      <LinesTable lines={lines} onChange={editable ? saveLines : null} withDue={o.status !== 'draft'} />
      <Group justify="space-between">
        <Text fw={600} data-testid="order-total">
          {t('goodsin.total')}: {f.money(linesTotal(lines))}
        </Text>
        <Group>
          {manage && o.status === 'draft' && (
            <Button
              data-testid="order-send"
              disabled={!lines.length}
              loading={send.isPending}
              onClick={() => send.mutate({ id: o.id }, { onSuccess: show })}
            >
              {t('goodsin.send')}
            </Button>
          )}
          {open && can('stock.receive') && o.lines.some((l) => l.due > 0) && (
            <Button
              data-testid="order-receive"
              loading={receive.isPending}
              onClick={() =>
                receive.mutate(
                  { id: o.id, uuid: receiveKey },
                  { onSuccess: (d) => void navigate({ to: '/goodsin/receipts/$id', params: { id: d.id } }) },
                )
              }
            >
              {t('goodsin.receive')}
            </Button>
          )}
          {manage && open && (
            <Button
              data-testid="order-close"
              variant="default"
              loading={close.isPending}
              onClick={() => close.mutate({ id: o.id }, { onSuccess: show })}
            >
              {t('goodsin.close')}
            </Button>
          )}
          {manage && (o.status === 'draft' || o.status === 'sent') && !anyReceived && (
            <Button
              data-testid="order-cancel"
              color="red"
              variant="light"
              loading={cancel.isPending}
              onClick={() => cancel.mutate({ id: o.id }, { onSuccess: show })}
            >
              {t('goodsin.cancelOrder')}
            </Button>
          )}
        </Group>
      </Group>
      <ErrorAlert error={error} testId="order-error" />
      {o.receipts.length > 0 && (
        <Paper withBorder p="sm">
          <Title order={4}>{t('goodsin.receipts')}</Title>
          <Table>
            <Table.Tbody>
              {o.receipts.map((r) => (
                <Table.Tr key={r.id} data-testid="order-receipt" data-doc-id={r.id}>
                  <Table.Td>
                    <Link to="/stockdocs/$id" params={{ id: r.id }}>
                      {r.number}
                    </Link>
                  </Table.Td>
                  <Table.Td>{r.businessDate}</Table.Td>
                  <Table.Td>{r.invoiceNo ? t('goodsin.invoice', { number: r.invoiceNo }) : ''}</Table.Td>
                  <Table.Td>{r.invoiceDate ?? ''}</Table.Td>
                  <Table.Td>{r.status === 'cancelled' ? t('stockdocs.cancelled') : ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </>
  );
}

/** Supplier (saved when chosen, only while nothing came in), expected date and note (saved together). */
function OrderHeader({ o, editable, onSaved }: { o: PurchaseOrder; editable: boolean; onSaved(o: PurchaseOrder): void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const manage = can('purchase.manage');
  const update = useApiMutation('purchase.update');
  const show = onSaved;
  const [expected, setExpected] = useState(o.expectedDate ?? '');
  const [note, setNote] = useState(o.note ?? '');
  const headerChanged = expected !== (o.expectedDate ?? '') || note.trim() !== (o.note ?? '');
  return (
    <>
      <Group align="end">
        <SupplierSelect
          label={t('goodsin.supplier')}
          value={o.supplierId}
          disabled={!editable}
          onChange={(supplierId) => supplierId && update.mutate({ id: o.id, supplierId }, { onSuccess: show })}
        />
        <TextInput
          type="date"
          label={t('goodsin.expected')}
          data-testid="order-expected"
          value={expected}
          disabled={!manage || o.status === 'closed' || o.status === 'cancelled'}
          onChange={(e) => setExpected(e.currentTarget.value)}
        />
        <TextInput
          style={{ flex: 1 }}
          label={t('goodsin.note')}
          value={note}
          maxLength={1000}
          disabled={!manage}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        {manage && (
          <Button
            variant="default"
            disabled={!headerChanged}
            loading={update.isPending}
            onClick={() => update.mutate({ id: o.id, expectedDate: expected || null, note: note.trim() || null }, { onSuccess: show })}
          >
            {t('goodsin.save')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={update.error} />
    </>
  );
}

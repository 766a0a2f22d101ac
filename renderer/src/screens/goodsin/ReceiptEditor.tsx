import { Alert, Anchor, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import type { Draft, DraftExtra } from '../../../../core/contract/types';
import { useSession } from '../../session/session';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { addTo, LinePicker, LinesTable, linesTotal, type EditLine } from './LineEditor';
import { SupplierSelect } from './SupplierSelect';

const str = (v: DraftExtra[string] | undefined) => (typeof v === 'string' ? v : '');
const num = (v: DraftExtra[string] | undefined) => (typeof v === 'number' ? v : null);

/**
 * A goods receipt being checked against the delivery, by its URL (#/goodsin/receipts/7): a draft outside the ledger
 * until posted. Made from an order (its lines what was still due) or from nothing, with the supplier's invoice.
 */
export function ReceiptEditor() {
  const { t } = useTranslation();
  const { id } = useParams({ from: '/goodsin/receipts/$id' });
  const draft = useApiQuery('draft.get', { id });
  const d = draft.data;
  return (
    <Stack maw={1300} mx="auto" data-testid="receipt-editor" data-draft-id={id} data-status={d?.status}>
      <Anchor component={Link} to="/goodsin">
        {t('goodsin.back')}
      </Anchor>
      <ErrorAlert error={draft.error} />
      {d?.type === 'receipt' && d.status === 'open' && <ReceiptForm d={d} />}
      {d?.status === 'posted' && d.documentId != null && (
        <Alert color="teal">
          <Link to="/stockdocs/$id" params={{ id: d.documentId }}>
            {t('goodsin.postedAs', { number: `#${d.documentId}` })}
          </Link>
        </Alert>
      )}
      {d?.status === 'discarded' && <Alert color="gray">{t('goodsin.discarded')}</Alert>}
    </Stack>
  );
}

function ReceiptForm({ d }: { d: Draft }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useSession();
  const navigate = useNavigate();
  const client = useQueryClient();
  const show = (next: Draft) => client.setQueryData(['draft.get', { id: d.id }], next);
  const update = useApiMutation('draft.update');
  const setLines = useApiMutation('draft.setLines');
  const post = useApiMutation('draft.post');
  const discard = useApiMutation('draft.discard');
  const orderId = num(d.extra.orderId);
  const order = useApiQuery('purchase.get', { id: orderId ?? 0 }, { enabled: orderId != null });
  const [supplierId, setSupplierId] = useState(num(d.extra.supplierId));
  const [invoiceNo, setInvoiceNo] = useState(str(d.extra.invoiceNo));
  const [invoiceDate, setInvoiceDate] = useState(str(d.extra.invoiceDate));
  const [note, setNote] = useState(d.note ?? '');
  const receive = can('stock.receive');

  const lines: EditLine[] = d.lines.map((l) => ({
    productId: l.productId,
    name: l.productName,
    unit: l.unit,
    qty: l.qty,
    unitCost: l.unitCost,
  }));
  const saveLines = (next: EditLine[]) =>
    setLines.mutate(
      { id: d.id, lines: next.map((l) => ({ productId: l.productId, qty: l.qty, unitCost: l.unitCost })) },
      { onSuccess: show },
    );
  const extra: DraftExtra = { ...d.extra, supplierId, invoiceNo: invoiceNo.trim() || null, invoiceDate: invoiceDate || null };
  const headerChanged =
    supplierId !== num(d.extra.supplierId) ||
    (invoiceNo.trim() || null) !== (str(d.extra.invoiceNo) || null) ||
    (invoiceDate || null) !== (str(d.extra.invoiceDate) || null) ||
    note.trim() !== (d.note ?? '');
  const saveHeader = (then?: () => void) =>
    update.mutate(
      { id: d.id, extra, note: note.trim() || null },
      {
        onSuccess: (next) => {
          show(next);
          then?.();
        },
      },
    );
  const doPost = () => post.mutate({ id: d.id }, { onSuccess: (r) => void navigate({ to: '/stockdocs/$id', params: { id: r.id } }) });
  const ready = lines.length > 0 && lines.every((l) => l.qty > 0 && l.unitCost != null);

  return (
    <>
      <Title order={2}>{order.data ? t('goodsin.receiptForOrder', { number: order.data.number }) : t('goodsin.receipt')}</Title>
      {orderId != null && (
        <Link to="/goodsin/orders/$id" params={{ id: orderId }} data-testid="receipt-order">
          {order.data ? t('goodsin.order', { number: order.data.number }) : `#${orderId}`}
        </Link>
      )}
      <Group align="end">
        {/* An order's receipt is from the order's supplier: the core refuses another one. */}
        <SupplierSelect
          label={t('goodsin.supplier')}
          value={supplierId}
          onChange={setSupplierId}
          disabled={orderId != null}
          testId="receipt-supplier"
        />
        <TextInput
          label={t('goodsin.invoiceNo')}
          data-testid="receipt-invoice-no"
          value={invoiceNo}
          maxLength={60}
          onChange={(e) => setInvoiceNo(e.currentTarget.value)}
        />
        <TextInput
          type="date"
          label={t('goodsin.invoiceDate')}
          data-testid="receipt-invoice-date"
          value={invoiceDate}
          onChange={(e) => setInvoiceDate(e.currentTarget.value)}
        />
        <TextInput
          style={{ flex: 1 }}
          label={t('goodsin.note')}
          value={note}
          maxLength={500}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        <Button
          variant="default"
          data-testid="receipt-save"
          disabled={!headerChanged}
          loading={update.isPending}
          onClick={() => saveHeader()}
        >
          {t('goodsin.save')}
        </Button>
      </Group>
      {receive && <LinePicker onAdd={(p, qty) => saveLines(addTo(lines, p, qty))} disabled={setLines.isPending} />}
      <LinesTable lines={lines} onChange={receive ? saveLines : null} />
      <Group justify="space-between">
        <Text fw={600} data-testid="receipt-total">
          {t('goodsin.total')}: {f.money(linesTotal(lines))}
        </Text>
        {receive && (
          <Group>
            <Button
              color="red"
              variant="light"
              data-testid="receipt-discard"
              loading={discard.isPending}
              onClick={() => discard.mutate({ id: d.id }, { onSuccess: () => void navigate({ to: '/goodsin' }) })}
            >
              {t('goodsin.discard')}
            </Button>
            <Button
              size="lg"
              data-testid="receipt-post"
              disabled={!ready}
              loading={post.isPending || update.isPending}
              // Header typed but not saved goes with the post: what the screen shows is what is posted.
              onClick={() => (headerChanged ? saveHeader(doPost) : doPost())}
            >
              {t('goodsin.post')}
            </Button>
          </Group>
        )}
      </Group>
      <ErrorAlert error={update.error ?? setLines.error ?? post.error ?? discard.error} testId="receipt-error" />
    </>
  );
}

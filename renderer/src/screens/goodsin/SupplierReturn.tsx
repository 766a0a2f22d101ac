import { Anchor, Button, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import type { Doc } from '../../api/types';
import { useSession } from '../../session/session';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { newUuid } from '../../ui/uuid';
import { addTo, LinePicker, LinesTable, type EditLine } from './LineEditor';
import { SupplierSelect } from './SupplierSelect';

/** `#/goodsin/return?receipt=12`: a return against a posted receipt, its lines to start from; without one, from nothing. */
export function SupplierReturnRoute() {
  const { t } = useTranslation();
  const { receipt } = useSearch({ from: '/goodsin/return' });
  return (
    <Stack maw={1300} mx="auto">
      <Anchor component={Link} to="/goodsin">
        {t('goodsin.back')}
      </Anchor>
      <Title order={2}>{t('goodsin.tabs.return')}</Title>
      <SupplierReturn key={receipt ?? 0} receiptId={receipt ?? null} />
    </Stack>
  );
}

/** Goods going back to their supplier: lines by scan or search, posted in one go (returns have no drafts). */
export function SupplierReturn({ receiptId }: { receiptId: number | null }) {
  const receipt = useApiQuery('doc.get', { id: receiptId ?? 0 }, { enabled: receiptId != null });
  if (receiptId != null && !receipt.data) return <ErrorAlert error={receipt.error} />;
  return <ReturnForm receipt={receipt.data ?? null} />;
}

function ReturnForm({ receipt }: { receipt: Doc | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useSession();
  const locations = useApiQuery('locations.list', {}, { staleTime: Infinity });
  const places = (locations.data ?? []).map((l) => ({ value: String(l.id), label: l.name }));
  const [supplierId, setSupplierId] = useState<number | null>(receipt?.supplier?.supplierId ?? null);
  const [location, setLocation] = useState(receipt ? String(receipt.locationId) : '');
  const [note, setNote] = useState('');
  // A receipt's lines to start from, each what it brought: the owner takes off what stays.
  const [lines, setLines] = useState<EditLine[]>(
    (receipt?.lines ?? []).map((l) => ({ productId: l.productId, name: l.productName, unit: l.unit, qty: l.qty, unitCost: null })),
  );
  const [key] = useState(newUuid);
  const post = useApiMutation('doc.post');
  const locationId = Number(location || places[0]?.value || 0);
  const ready = supplierId != null && locationId > 0 && lines.length > 0 && lines.every((l) => l.qty > 0);

  const submit = () =>
    post.mutate(
      {
        type: 'supplier_return',
        uuid: key,
        locationId,
        supplierId: supplierId!,
        ...(receipt ? { receiptId: receipt.id } : {}),
        lines: lines.map((l) => ({ productId: l.productId, qty: l.qty })),
        ...(note.trim() ? { note: note.trim() } : {}),
      },
      { onSuccess: (r) => void navigate({ to: '/stockdocs/$id', params: { id: r.id } }) },
    );

  return (
    <Stack data-testid="supplier-return" data-receipt-id={receipt?.id ?? ''}>
      <Group align="end">
        <SupplierSelect
          label={t('goodsin.supplier')}
          value={supplierId}
          onChange={setSupplierId}
          disabled={receipt != null}
          testId="return-supplier"
        />
        <NativeSelect
          label={t('stockdocs.location')}
          data={places}
          value={String(locationId)}
          disabled={receipt != null}
          onChange={(e) => setLocation(e.currentTarget.value)}
        />
        <TextInput
          style={{ flex: 1 }}
          label={t('goodsin.note')}
          value={note}
          maxLength={500}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
      </Group>
      <Text size="sm" data-testid="return-receipt">
        {t('goodsin.againstReceipt')}:{' '}
        {receipt ? (
          <Link to="/stockdocs/$id" params={{ id: receipt.id }}>
            {receipt.number}
            {receipt.supplier?.invoiceNo ? ` · ${t('goodsin.invoice', { number: receipt.supplier.invoiceNo })}` : ''}
          </Link>
        ) : (
          t('goodsin.noReceipt')
        )}
      </Text>
      <LinePicker onAdd={(p, qty) => setLines((ls) => addTo(ls, p, qty))} />
      <LinesTable lines={lines} onChange={setLines} withCost={false} />
      <Group justify="space-between">
        <Text c="dimmed" size="sm">
          {t('goodsin.returnHint')}
        </Text>
        {can('stock.receive') && (
          <Button size="lg" color="orange" data-testid="return-post" disabled={!ready} loading={post.isPending} onClick={submit}>
            {t('goodsin.postReturn')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={post.error} testId="return-error" />
    </Stack>
  );
}

import { Button, Group, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/client';
import type { PostResult, ReceiptForReturn, ReturnableLine } from '../../api/types';
import { parseQty, qtyToInput } from '../../i18n/format';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { newUuid } from '../../ui/uuid';
import { segmentTouch } from '../../ui/touch';

/** The refund for part of a line: its amount pro rata, rounded half up, in integers only. */
function refundOf(l: ReturnableLine, qty: number): number {
  if (!l.sold) return 0;
  const n = BigInt(l.amount) * BigInt(qty);
  return Number((n * 2n + BigInt(l.sold)) / (2n * BigInt(l.sold)));
}

/** Pick what comes back from one receipt: never more than was sold minus what was already returned. */
export function ReturnForm({ receipt, onDone }: { receipt: ReceiptForReturn; onDone(r: PostResult): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [texts, setTexts] = useState<Record<number, string>>({});
  const [refund, setRefund] = useState<'original' | 'cash'>('original');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [uuid] = useState(newUuid);

  const rows = receipt.lines.map((l) => {
    const left = l.sold - l.returned;
    const text = texts[l.saleLineId] ?? '';
    const qty = text.trim() ? parseQty(text) : 0;
    const bad = qty === null || qty > left;
    return { l, left, text, qty: bad ? 0 : (qty ?? 0), bad, over: qty !== null && qty > left };
  });
  const chosen = rows.filter((r) => r.qty > 0);
  const total = chosen.reduce((s, r) => s + refundOf(r.l, r.qty), 0);
  const valid = chosen.length > 0 && !rows.some((r) => r.bad);

  const post = async () => {
    if (!valid || busy) return;
    setBusy(true);
    setError(null);
    try {
      onDone(
        await request('return.post', {
          kind: 'receipt',
          uuid,
          saleId: receipt.sale.id,
          refund,
          lines: chosen.map((r) => ({ saleLineId: r.l.saleLineId, qty: r.qty })),
        }),
      );
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const sale = receipt.sale;
  return (
    <Stack data-testid="return-form" data-sale-id={sale.id} data-number={sale.number}>
      <Group justify="space-between">
        <Title order={4}>{t('returns.receipt', { number: sale.number, at: f.date(sale.postedAt), total: f.money(sale.total) })}</Title>
        <Text c="dimmed">{sale.payments.map((p) => `${t(`payment.${p.method}`)} ${f.money(p.amount)}`).join(' · ')}</Text>
      </Group>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('sale.product')}</Table.Th>
            <Table.Th ta="right">{t('returns.sold')}</Table.Th>
            <Table.Th ta="right">{t('returns.returned')}</Table.Th>
            <Table.Th w={220}>{t('returns.qty')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(({ l, left, text, bad, over }) => (
            <Table.Tr key={l.saleLineId} data-testid="return-line" data-sale-line-id={l.saleLineId} data-left={left}>
              <Table.Td>{l.name}</Table.Td>
              <Table.Td ta="right">{qtyToInput(l.sold)}</Table.Td>
              <Table.Td ta="right">{qtyToInput(l.returned)}</Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <TextInput
                    size="md"
                    w={110}
                    inputMode="decimal"
                    aria-label={t('returns.qtyOf', { name: l.name })}
                    data-testid={`return-qty-${l.saleLineId}`}
                    disabled={left <= 0}
                    value={text}
                    onChange={(e) => {
                      const v = e.currentTarget.value;
                      setTexts((m) => ({ ...m, [l.saleLineId]: v }));
                    }}
                    error={bad ? (over ? t('returns.max', { qty: qtyToInput(left) }) : t('sale.qtyInvalid')) : null}
                    styles={{ input: { minHeight: 44, textAlign: 'right' } }}
                  />
                  <Button
                    size="md"
                    mih={44}
                    variant="default"
                    disabled={left <= 0}
                    data-testid={`return-all-${l.saleLineId}`}
                    onClick={() => setTexts((m) => ({ ...m, [l.saleLineId]: qtyToInput(left) }))}
                  >
                    {t('returns.all')}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="space-between">
        <SegmentedControl
          styles={segmentTouch}
          data-testid="return-refund"
          value={refund}
          onChange={(v) => setRefund(v as 'original' | 'cash')}
          data={[
            { value: 'original', label: <span data-testid="refund-original">{t('returns.refundOriginal')}</span> },
            { value: 'cash', label: <span data-testid="refund-cash">{t('returns.refundCash')}</span> },
          ]}
        />
        <Group>
          <Text size="xl" fw={700} data-testid="return-total" data-amount={total}>
            {f.money(total)}
          </Text>
          <Button size="lg" color="orange" data-testid="return-post" loading={busy} disabled={!valid} onClick={() => void post()}>
            {t('returns.post')}
          </Button>
        </Group>
      </Group>
      <ErrorAlert error={error} testId="return-error" />
    </Stack>
  );
}

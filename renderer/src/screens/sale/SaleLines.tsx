import { ActionIcon, Group, Table, Text, TextInput } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { lineAmount, parseQty, qtyToInput } from '../../i18n/format';
import { useFormat } from '../../ui/format';
import type { CartLine } from './cart';

interface Props {
  lines: CartLine[];
  onQty(productId: number, qty: number): void;
  onRemove(productId: number): void;
  /** Back to the scan field once a line edit is finished. */
  onDone(): void;
}

export function SaleLines({ lines, onQty, onRemove, onDone }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!lines.length) {
    return (
      <Text c="dimmed" py="xl" ta="center" data-testid="sale-empty">
        {t('sale.empty')}
      </Text>
    );
  }
  return (
    <Table verticalSpacing="xs" striped>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('sale.product')}</Table.Th>
          <Table.Th w={250}>{t('sale.qty')}</Table.Th>
          <Table.Th ta="right">{t('sale.price')}</Table.Th>
          <Table.Th ta="right">{t('sale.amount')}</Table.Th>
          <Table.Th w={60} />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {lines.map(({ product: p, qty }) => (
          <Table.Tr key={p.id} data-testid="sale-line" data-product-id={p.id} data-qty={qty}>
            <Table.Td>{p.name}</Table.Td>
            <Table.Td>
              <Group gap={4} wrap="nowrap">
                <ActionIcon variant="default" aria-label={t('sale.decrease')} disabled={qty <= 1000} onClick={() => (onQty(p.id, qty - 1000), onDone())}>
                  −
                </ActionIcon>
                <QtyField qty={qty} onCommit={(q) => onQty(p.id, q)} onDone={onDone} />
                <ActionIcon variant="default" aria-label={t('sale.increase')} onClick={() => (onQty(p.id, qty + 1000), onDone())}>
                  +
                </ActionIcon>
                <Text size="sm" c="dimmed">
                  {t(`units.${p.unit}`)}
                </Text>
              </Group>
            </Table.Td>
            <Table.Td ta="right">{f.money(p.price)}</Table.Td>
            <Table.Td ta="right" data-testid="line-amount">
              {f.money(lineAmount(p.price, qty))}
            </Table.Td>
            <Table.Td>
              <ActionIcon color="red" variant="subtle" aria-label={t('sale.remove', { name: p.name })} data-testid="line-remove" onClick={() => (onRemove(p.id), onDone())}>
                ✕
              </ActionIcon>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Typed quantity in the unit (e.g. 0.523 kg); committed on Enter or leaving the field, reverted if not a positive number. */
function QtyField({ qty, onCommit, onDone }: { qty: number; onCommit(q: number): void; onDone(): void }) {
  const { t } = useTranslation();
  const [text, setText] = useState<string | null>(null);
  // Focus moving away fires blur synchronously, before state updates land: the ref says whether an edit is still open.
  const open = useRef<string | null>(null);
  const edit = (v: string | null) => {
    open.current = v;
    setText(v);
  };
  const commit = () => {
    const v = open.current;
    edit(null);
    if (v === null) return;
    const q = parseQty(v);
    if (q !== null && q > 0 && q !== qty) onCommit(q);
  };
  return (
    <TextInput
      size="md"
      w={100}
      aria-label={t('sale.qty')}
      data-testid="line-qty"
      inputMode="decimal"
      value={text ?? qtyToInput(qty)}
      error={text !== null && !(parseQty(text) ?? 0)}
      onFocus={(e) => e.currentTarget.select()}
      onChange={(e) => edit(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === 'Escape') {
          e.preventDefault();
          if (e.key === 'Enter') commit();
          else edit(null);
          onDone();
        }
      }}
      styles={{ input: { textAlign: 'right', minHeight: 44 } }}
    />
  );
}

import { ActionIcon, Badge, Group, Table, Text } from '@mantine/core';
import { memo, useEffect, useRef, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { CartLine } from '../../api/types';
import { useFormat } from '../../ui/format';

interface Props {
  lines: CartLine[];
  selectedId: number | null;
  onSelect(id: number): void;
  onQty(line: CartLine, qty: number): void;
  onRemove(line: CartLine): void;
}

/** The sale's lines; the selected one (arrows, click) is what F4/F5/F6/Del act on. */
export function CartLines({ lines, selectedId, onSelect, onQty, onRemove }: Props) {
  const { t } = useTranslation();
  const selectedRow = useRef<HTMLTableRowElement>(null);
  // Rows read the newest handlers at click time, so a row can skip re-rendering without keeping stale closures.
  const handlers = useRef<Handlers>({ onSelect, onQty, onRemove });
  useEffect(() => {
    handlers.current = { onSelect, onQty, onRemove };
  });
  useEffect(() => {
    // Newer Chromium returns a promise here; an effect must return nothing or a cleanup.
    void selectedRow.current?.scrollIntoView({ block: 'nearest' });
  }, [selectedId, lines.length]);

  if (!lines.length) {
    return (
      <Text c="dimmed" py="xl" ta="center" data-testid="sale-empty">
        {t('sale.empty')}
      </Text>
    );
  }
  return (
    <Table verticalSpacing="xs" highlightOnHover>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('sale.product')}</Table.Th>
          <Table.Th w={210}>{t('sale.qty')}</Table.Th>
          <Table.Th ta="right">{t('sale.price')}</Table.Th>
          <Table.Th ta="right">{t('sale.discount')}</Table.Th>
          <Table.Th ta="right">{t('sale.amount')}</Table.Th>
          <Table.Th w={56} />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {lines.map((l) => (
          <CartRow key={l.id} line={l} selected={l.id === selectedId} selectedRow={selectedRow} handlers={handlers} />
        ))}
      </Table.Tbody>
    </Table>
  );
}

type Handlers = Pick<Props, 'onSelect' | 'onQty' | 'onRemove'>;

interface RowProps {
  line: CartLine;
  selected: boolean;
  selectedRow: RefObject<HTMLTableRowElement | null>;
  handlers: RefObject<Handlers>;
}

const sameLine = (a: CartLine, b: CartLine) =>
  a.id === b.id && a.qty === b.qty && a.price === b.price && a.catalogPrice === b.catalogPrice && a.discount === b.discount && a.amount === b.amount && a.name === b.name && a.unit === b.unit;

/**
 * One line. A scan changes one line (or adds one), so the others skip re-rendering: the cart comes back from the
 * server as new objects each time, hence the comparison by value.
 */
const CartRow = memo(
  function CartRow({ line: l, selected, selectedRow, handlers }: RowProps) {
    const { t } = useTranslation();
    const f = useFormat();
    const step = l.unit === 'pcs' ? 1000 : 0;
    return (
      <Table.Tr
        ref={selected ? selectedRow : undefined}
        data-testid="sale-line"
        data-line-id={l.id}
        data-product-id={l.productId}
        data-qty={l.qty}
        data-price={l.price}
        data-amount={l.amount}
        aria-selected={selected}
        onClick={() => handlers.current.onSelect(l.id)}
        style={{ cursor: 'pointer', background: selected ? 'var(--mantine-color-teal-light)' : undefined }}
      >
        <Table.Td>
          <Text fw={500}>{l.name}</Text>
          {l.price !== l.catalogPrice && (
            <Badge size="sm" variant="light" color="orange" data-testid="line-price-changed">
              {t('sale.priceChanged', { price: f.money(l.catalogPrice) })}
            </Badge>
          )}
        </Table.Td>
        <Table.Td>
          <Group gap={4} wrap="nowrap">
            {step > 0 && (
              <ActionIcon variant="default" aria-label={t('sale.decrease')} data-testid="line-dec" disabled={l.qty <= step} onClick={(e) => (e.stopPropagation(), handlers.current.onQty(l, l.qty - step))}>
                −
              </ActionIcon>
            )}
            <Text miw={64} ta="center" data-testid="line-qty-text">
              {f.qty(l.qty, l.unit)}
            </Text>
            {step > 0 && (
              <ActionIcon variant="default" aria-label={t('sale.increase')} data-testid="line-inc" onClick={(e) => (e.stopPropagation(), handlers.current.onQty(l, l.qty + step))}>
                +
              </ActionIcon>
            )}
          </Group>
        </Table.Td>
        <Table.Td ta="right">{f.money(l.price)}</Table.Td>
        <Table.Td ta="right" data-testid="line-discount" data-amount={l.discount}>
          {l.discount ? `−${f.money(l.discount)}` : ''}
        </Table.Td>
        <Table.Td ta="right" fw={600} data-testid="line-amount">
          {f.money(l.amount)}
        </Table.Td>
        <Table.Td>
          <ActionIcon color="red" variant="subtle" aria-label={t('sale.remove', { name: l.name })} data-testid="line-remove" onClick={(e) => (e.stopPropagation(), handlers.current.onRemove(l))}>
            ✕
          </ActionIcon>
        </Table.Td>
      </Table.Tr>
    );
  },
  (a, b) => a.selected === b.selected && sameLine(a.line, b.line),
);

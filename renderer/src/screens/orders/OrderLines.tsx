import { Group, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ApiOutput } from '../../api/types';
import { useFormat } from '../../ui/format';
import { ShortBadge } from './StatusBadge';

type Line = ApiOutput<'store.order'>['lines'][number];

/** A line's product, or the store's SKU when no product is linked to it; flagged when the shelf no longer covers it. */
export function LineName({ line }: { line: Pick<Line, 'name' | 'sku' | 'barcode' | 'short'> }) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      <span>{line.name ?? t('webOrder.unlinked', { sku: line.sku ?? line.barcode ?? '' })}</span>
      {line.short && <ShortBadge />}
    </Group>
  );
}

/** The order's goods; a line no product is linked to shows the store's SKU; one the shelf no longer covers is flagged. */
export function OrderLines({ order }: { order: Pick<ApiOutput<'store.order'>, 'lines'> }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Table data-testid="web-order-lines">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('webOrder.item')}</Table.Th>
          <Table.Th ta="right">{t('webOrder.qty')}</Table.Th>
          <Table.Th ta="right">{t('webOrder.price')}</Table.Th>
          <Table.Th ta="right">{t('webOrder.amount')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {order.lines.map((l, i) => (
          <Table.Tr key={i} data-testid="web-order-line" data-product-id={l.productId ?? ''} data-qty={l.qty}>
            <Table.Td>
              <LineName line={l} />
            </Table.Td>
            <Table.Td ta="right">{f.qty(l.qty, l.unit)}</Table.Td>
            <Table.Td ta="right">{f.money(l.price)}</Table.Td>
            <Table.Td ta="right">{f.money(Math.round((l.price * l.qty) / 1000))}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

// A dry run's figures and its first rows, per mode: a price list's price and cost changes, a catalog import's new
// products. The summary counts every row; the tables show the first ones for a look before applying.
import { SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CatalogImportProduct, PriceListChange } from '../../api/types';
import { useFormat } from '../../ui/format';

export function Summary({ figures }: { figures: { key: string; label: string; value: number }[] }) {
  const f = useFormat();
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} data-testid="import-summary">
      {figures.map((x) => (
        <Stack key={x.key} gap={0}>
          <Text size="sm" c="dimmed">
            {x.label}
          </Text>
          <Text fw={600} data-testid={`import-summary-${x.key}`} data-value={x.value}>
            {f.count(x.value)}
          </Text>
        </Stack>
      ))}
    </SimpleGrid>
  );
}

export function PriceChanges({ changes }: { changes: PriceListChange[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!changes.length) return null;
  return (
    <>
      <Title order={4}>{t('pricelists.changes', { count: changes.length })}</Title>
      <Table verticalSpacing={2} data-testid="import-changes">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('pricelists.row')}</Table.Th>
            <Table.Th ta="right">{t('pricelists.priceFromTo')}</Table.Th>
            <Table.Th ta="right">{t('pricelists.costFromTo')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {changes.slice(0, 20).map((c) => (
            <Table.Tr key={c.row}>
              <Table.Td>{c.row}</Table.Td>
              <Table.Td ta="right">{`${f.money(c.from.price)} → ${f.money(c.to.price)}`}</Table.Td>
              <Table.Td ta="right">{`${f.money(c.from.cost)} → ${f.money(c.to.cost)}`}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}

export function NewProducts({ products, categoryName }: { products: CatalogImportProduct[]; categoryName: (id: number | null) => string }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!products.length) return null;
  return (
    <>
      <Title order={4}>{t('pricelists.catalog.newProducts', { count: Math.min(20, products.length) })}</Title>
      <Table verticalSpacing={2} data-testid="import-new-products">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('pricelists.row')}</Table.Th>
            <Table.Th>{t('pricelists.catalog.fields.article')}</Table.Th>
            <Table.Th>{t('pricelists.fields.name')}</Table.Th>
            <Table.Th>{t('pricelists.fields.barcode')}</Table.Th>
            <Table.Th>{t('pricelists.fields.category')}</Table.Th>
            <Table.Th ta="right">{t('pricelists.fields.price')}</Table.Th>
            <Table.Th ta="right">{t('pricelists.fields.cost')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {products.slice(0, 20).map((p) => (
            <Table.Tr key={p.row}>
              <Table.Td>{p.row}</Table.Td>
              <Table.Td>{p.sku}</Table.Td>
              <Table.Td>{p.name}</Table.Td>
              <Table.Td>{p.barcode ?? ''}</Table.Td>
              <Table.Td>{categoryName(p.categoryId)}</Table.Td>
              <Table.Td ta="right">{f.money(p.price)}</Table.Td>
              <Table.Td ta="right">{f.money(p.cost)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}

import { Badge, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';

const ROW_HEIGHT = 48;
/** The most catalog.search returns at once; a narrower search finds the rest. */
const LIMIT = 200;
const COLUMNS = '8rem minmax(12rem, 1fr) 10rem 8rem 9rem';

const grid: CSSProperties = { display: 'grid', gridTemplateColumns: COLUMNS, alignItems: 'center', gap: '0 1rem', padding: '0 1rem' };

export function StockScreen() {
  const { t } = useTranslation();
  const f = useFormat();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const found = useApiQuery('catalog.search', { q: debounced, limit: LIMIT }, { placeholderData: (prev) => prev });
  const rows = found.data ?? [];
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler in this build, and the virtualizer re-renders its host itself.
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });

  return (
    <Stack maw={1100} mx="auto">
      <Group justify="space-between">
        <Title order={2}>{t('stock.title')}</Title>
        <Text c="dimmed" data-testid="stock-count">
          {t('stock.shown', { count: rows.length })}
        </Text>
      </Group>
      <TextInput data-testid="stock-search" aria-label={t('stock.search')} placeholder={t('stock.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} autoFocus autoComplete="off" />
      <ErrorAlert error={found.error} />
      {found.isSuccess && !rows.length && <Text c="dimmed">{t('stock.empty')}</Text>}
      <Paper withBorder role="table" aria-rowcount={rows.length} aria-busy={found.isFetching}>
        <div role="row" style={{ ...grid, height: ROW_HEIGHT, fontWeight: 600, borderBottom: '1px solid var(--mantine-color-default-border)' }}>
          <span role="columnheader">{t('stock.sku')}</span>
          <span role="columnheader">{t('stock.name')}</span>
          <span role="columnheader">{t('stock.barcode')}</span>
          <span role="columnheader" style={{ textAlign: 'right' }}>
            {t('stock.price')}
          </span>
          <span role="columnheader" style={{ textAlign: 'right' }}>
            {t('stock.onHand')}
          </span>
        </div>
        {/* Only the rows in view are in the DOM: a shop's whole catalog stays smooth on a cheap till. */}
        <div ref={scrollRef} role="rowgroup" style={{ height: 'calc(100vh - 260px)', minHeight: 240, overflowY: 'auto' }}>
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {virtual.getVirtualItems().map((v) => {
              const p = rows[v.index]!;
              return (
                <div
                  key={p.id}
                  role="row"
                  data-testid={`stock-row-${p.id}`}
                  style={{ ...grid, position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${v.start}px)`, borderBottom: '1px solid var(--mantine-color-default-border)' }}
                >
                  <Text role="cell" size="sm" c="dimmed" truncate>
                    {p.sku}
                  </Text>
                  <Group role="cell" gap="xs" wrap="nowrap">
                    <Text truncate>{p.name}</Text>
                    {!p.active && (
                      <Badge color="gray" variant="light">
                        {t('stock.inactive')}
                      </Badge>
                    )}
                  </Group>
                  <Text role="cell" size="sm" ff="monospace" truncate>
                    {p.barcodes[0] ?? ''}
                  </Text>
                  <Text role="cell" ta="right">
                    {f.money(p.price)}
                  </Text>
                  <Text role="cell" ta="right" fw={600} data-testid={`onhand-${p.id}`} data-qty={p.onHand} c={p.onHand <= 0 ? 'red' : undefined}>
                    {f.qty(p.onHand, p.unit)}
                  </Text>
                </div>
              );
            })}
          </div>
        </div>
      </Paper>
    </Stack>
  );
}

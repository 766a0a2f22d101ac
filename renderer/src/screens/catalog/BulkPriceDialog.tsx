import { Alert, Button, Checkbox, Group, Modal, NativeSelect, SegmentedControl, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorCode } from '../../api/client';
import { useApiMutation } from '../../api/hooks';
import type { ApiInput, ApiOutput } from '../../api/types';
import { parseDecimal } from '../../i18n/format';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { inlineTouch } from '../admin/touch';
import { categoryOptions, type Category } from './categoryTree';

type Request = ApiInput<'price.bulkPreview'>;
type Preview = ApiOutput<'price.bulkPreview'>;
type Rounding = NonNullable<Request['rounding']>;
const ROUNDINGS: Rounding[] = ['none', 'whole', '90', '99'];
const ROW = 40;
const GRID = { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) 8rem 8rem', alignItems: 'center', gap: '0.5rem' } as const;

/** "−10", "-2,5", "+5" → a signed integer scaled by 10^digits, or null. */
function signed(text: string, parse: (s: string) => number | null): number | null {
  const m = /^\s*([+\-−]?)\s*(.*)$/.exec(text)!;
  const n = parse(m[2]!);
  return n === null ? null : m[1] === '-' || m[1] === '−' ? -n : n;
}

/**
 * Prices in bulk: a category or the picked rows, up or down by a percent or an amount, rounded. The preview lists
 * every change; Apply sends the preview's token, so exactly those changes are made or, if any price moved since, none.
 */
export function BulkPriceDialog({
  selectedIds,
  categoryId,
  categories,
  onClose,
  onApplied,
}: {
  selectedIds: number[];
  categoryId: number | null;
  categories: Category[];
  onClose(): void;
  onApplied(): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const client = useQueryClient();
  const [by, setBy] = useState<'category' | 'products'>(selectedIds.length ? 'products' : 'category');
  const [category, setCategory] = useState(categoryId ? String(categoryId) : '');
  const [kind, setKind] = useState<'percent' | 'amount'>('percent');
  const [value, setValue] = useState('');
  const [rounding, setRounding] = useState<Rounding>('none');
  const [includeArchived, setIncludeArchived] = useState(false);
  const [shown, setShown] = useState<{ request: Request; preview: Preview } | null>(null);
  const [stale, setStale] = useState(false);
  const [tried, setTried] = useState(false);
  const preview = useApiMutation('price.bulkPreview');
  const apply = useApiMutation('price.bulkApply');

  const amount = signed(value, kind === 'percent' ? (s) => parseDecimal(s, 2) : f.parseMoney);
  const valueError = tried && amount === null ? t(kind === 'percent' ? 'bulk.badPercent' : 'bulk.badAmount') : null;
  const categoryError = tried && by === 'category' && !category ? t('bulk.pickCategory') : null;
  /** Any change of the request drops the preview: Apply must send what was shown. */
  const edit =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setShown(null);
      setStale(false);
      preview.reset();
      apply.reset();
    };

  const request = (): Request | null => {
    if (amount === null || (by === 'category' && !category)) return null;
    return {
      selection: by === 'category' ? { by: 'category', categoryId: Number(category) } : { by: 'products', productIds: selectedIds },
      change: kind === 'percent' ? { kind: 'percent', bp: amount } : { kind: 'amount', minor: amount },
      rounding,
      includeArchived,
    };
  };
  const runPreview = () => {
    setTried(true);
    const r = request();
    if (!r) return;
    setStale(false);
    preview.mutate(r, { onSuccess: (p) => setShown({ request: r, preview: p }) });
  };
  const runApply = () => {
    if (!shown) return;
    apply.mutate(
      { ...shown.request, token: shown.preview.token },
      {
        onSuccess: () => {
          for (const m of ['catalog.list', 'catalog.search', 'catalog.get']) void client.invalidateQueries({ queryKey: [m] });
          onApplied();
        },
        onError: (err) => {
          if (errorCode(err) !== 'invalid_state') return;
          setStale(true);
          setShown(null);
          apply.reset();
        },
      },
    );
  };

  const changes = shown?.preview.changes ?? [];
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler in this build; the virtualizer re-renders its host itself.
  const virtual = useVirtualizer({
    count: changes.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW,
    overscan: 10,
  });
  const done = apply.isSuccess;

  return (
    <Modal opened onClose={apply.isPending ? () => {} : onClose} title={t('bulk.title')} size="xl" centered>
      <Stack data-testid="bulk-dialog">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Stack gap={4}>
            <Text size="sm" fw={500} id="bulk-scope">
              {t('bulk.scope')}
            </Text>
            <SegmentedControl
              aria-labelledby="bulk-scope"
              data-testid="bulk-by"
              value={by}
              disabled={done}
              onChange={edit((v: string) => setBy(v as typeof by))}
              data={[
                { value: 'category', label: t('bulk.byCategory') },
                { value: 'products', label: t('bulk.bySelection', { count: selectedIds.length }), disabled: !selectedIds.length },
              ]}
            />
          </Stack>
          {by === 'category' && (
            <NativeSelect
              size="lg"
              label={t('catalog.category')}
              data-testid="bulk-category"
              value={category}
              disabled={done}
              error={categoryError}
              onChange={(e) => edit(setCategory)(e.currentTarget.value)}
              data={[{ value: '', label: '—' }, ...categoryOptions(categories)]}
            />
          )}
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Stack gap={4}>
            <Text size="sm" fw={500} id="bulk-kind">
              {t('bulk.kind')}
            </Text>
            <SegmentedControl
              aria-labelledby="bulk-kind"
              data-testid="bulk-kind"
              value={kind}
              disabled={done}
              onChange={edit((v: string) => setKind(v as typeof kind))}
              data={[
                { value: 'percent', label: t('bulk.percent') },
                { value: 'amount', label: t('bulk.amount') },
              ]}
            />
          </Stack>
          <TextInput
            label={kind === 'percent' ? t('bulk.percentValue') : t('bulk.amountValue')}
            description={t('bulk.valueHint')}
            data-testid="bulk-value"
            inputMode="decimal"
            autoComplete="off"
            value={value}
            disabled={done}
            error={valueError}
            onChange={(e) => edit(setValue)(e.currentTarget.value)}
            onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), runPreview())}
            data-autofocus
          />
          <NativeSelect
            size="lg"
            label={t('bulk.rounding')}
            data-testid="bulk-rounding"
            value={rounding}
            disabled={done}
            onChange={(e) => edit(setRounding)(e.currentTarget.value as Rounding)}
            data={ROUNDINGS.map((r) => ({ value: r, label: t(`bulk.roundNames.${r}`) }))}
          />
        </SimpleGrid>
        <Checkbox
          label={t('bulk.includeArchived')}
          checked={includeArchived}
          disabled={done}
          onChange={(e) => edit(setIncludeArchived)(e.currentTarget.checked)}
          styles={inlineTouch}
        />
        {stale && (
          <Alert color="yellow" variant="light" role="alert" data-testid="bulk-stale">
            {t('bulk.stale')}
          </Alert>
        )}
        <ErrorAlert error={preview.error ?? apply.error} testId="bulk-error" />
        {shown && (
          <Stack gap="xs" data-testid="bulk-preview" data-changes={changes.length} data-unchanged={shown.preview.unchanged}>
            <Text fw={500}>
              {changes.length ? t('bulk.changes', { count: changes.length }) : t('bulk.nothing')}
              {shown.preview.unchanged ? ` · ${t('bulk.unchanged', { count: shown.preview.unchanged })}` : ''}
            </Text>
            {changes.length > 0 && (
              // Seen column names; a screen reader hears each price with its own ("Now: …", "New: …").
              <div aria-hidden style={{ ...GRID, padding: '0 calc(0.5rem + 1px)' }}>
                <Text size="sm" c="dimmed">
                  {t('catalog.name')}
                </Text>
                <Text size="sm" c="dimmed" ta="right">
                  {t('bulk.from')}
                </Text>
                <Text size="sm" c="dimmed" ta="right">
                  {t('bulk.to')}
                </Text>
              </div>
            )}
            {changes.length > 0 && (
              <div
                ref={scrollRef}
                role="region"
                aria-label={t('bulk.changes', { count: changes.length })}
                tabIndex={0}
                style={{
                  height: Math.min(300, changes.length * ROW + 2),
                  overflowY: 'auto',
                  border: '1px solid var(--mantine-color-default-border)',
                }}
              >
                <div role="table" aria-label={t('bulk.changes', { count: changes.length })} aria-rowcount={changes.length}>
                  <div role="rowgroup" style={{ height: virtual.getTotalSize(), position: 'relative' }}>
                    {virtual.getVirtualItems().map((v) => {
                      const c = changes[v.index]!;
                      return (
                        <div
                          role="row"
                          key={c.productId}
                          aria-rowindex={v.index + 1}
                          data-testid="bulk-change"
                          data-product-id={c.productId}
                          data-from={c.from}
                          data-to={c.to}
                          style={{
                            position: 'absolute',
                            top: 0,
                            left: 0,
                            right: 0,
                            height: ROW,
                            transform: `translateY(${v.start}px)`,
                            ...GRID,
                            padding: '0 0.5rem',
                          }}
                        >
                          <Text role="cell" size="sm" truncate>
                            {c.name}
                          </Text>
                          <Text role="cell" size="sm" ta="right" c="dimmed" aria-label={`${t('bulk.from')}: ${f.money(c.from)}`}>
                            {f.money(c.from)}
                          </Text>
                          <Text role="cell" size="sm" ta="right" fw={600} aria-label={`${t('bulk.to')}: ${f.money(c.to)}`}>
                            {f.money(c.to)}
                          </Text>
                        </div>
                      );
                    })}
                  </div>
                </div>
              </div>
            )}
          </Stack>
        )}
        {done && (
          <Alert color="teal" variant="light" role="status" data-testid="bulk-applied" data-changed={apply.data.changed}>
            {t('bulk.applied', { count: apply.data.changed })}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={apply.isPending}>
            {done ? t('app.close') : t('app.cancel')}
          </Button>
          {!done && (
            <Button variant={shown ? 'default' : 'filled'} onClick={runPreview} loading={preview.isPending} data-testid="bulk-preview-run">
              {t('bulk.preview')}
            </Button>
          )}
          {!done && shown && changes.length > 0 && (
            <Button onClick={runApply} loading={apply.isPending} data-testid="bulk-apply">
              {t('bulk.apply', { count: changes.length })}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}

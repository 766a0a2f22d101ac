import { Button, Group, Paper, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import type { Product, Unit } from '../../api/types';
import { parseQty, qtyToInput } from '../../i18n/format';
import { useFormat } from '../../ui/format';
import { lineAmount } from '../../i18n/format';

/** One line of a goods-in document as the editor shows it; what is ordered and received only on an order. */
export interface EditLine {
  productId: number;
  name: string;
  unit: Unit;
  /** Thousandths. */
  qty: number;
  /** Minor units per whole unit; null until keyed in (omitted on an order: the last purchase cost). */
  unitCost: number | null;
  ordered?: number;
  received?: number;
  due?: number;
}

/** The lines' total at their unit costs, minor units (a line without a cost counts nothing yet). */
export const linesTotal = (lines: readonly EditLine[]) =>
  lines.reduce((s, l) => s + (l.unitCost == null ? 0 : lineAmount(l.unitCost, l.qty)), 0);

/**
 * A barcode typed or scanned into one field (Enter), or a product found by name or SKU as you type: each adds a line,
 * or one more of a line already there.
 */
export function LinePicker({ onAdd, disabled }: { onAdd(p: Product, qty: number): void; disabled?: boolean }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [missing, setMissing] = useState('');
  const [typed] = useDebouncedValue(q.trim(), 200);
  const found = useApiQuery('catalog.search', { q: typed, limit: 8 }, { enabled: typed.length > 1 });
  const scan = useApiMutation('catalog.scan');
  const add = (p: Product, qty = 1000) => {
    onAdd(p, qty);
    setQ('');
    setMissing('');
  };
  const enter = () => {
    const code = q.trim();
    if (!code) return;
    // A scanner types digits and Enter: the code names the product (and a weighed one's weight); else the first match.
    scan.mutate(
      { code },
      {
        onSuccess: (r) => add(r.product, r.qty),
        onError: () => {
          if (found.data?.[0] && typed === code) add(found.data[0]);
          else setMissing(code);
        },
      },
    );
  };
  return (
    <>
      <TextInput
        aria-label={t('goodsin.scan')}
        placeholder={t('goodsin.scan')}
        data-testid="goodsin-scan"
        value={q}
        disabled={disabled}
        onChange={(e) => setQ(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') enter();
        }}
        error={missing ? t('goodsin.notFound', { code: missing }) : undefined}
        autoComplete="off"
      />
      {typed.length > 1 && (found.data?.length ?? 0) > 0 && (
        <Group gap="xs" data-testid="goodsin-found">
          {found.data!.map((p) => (
            <Button key={p.id} variant="light" onClick={() => add(p)}>
              {p.name}
            </Button>
          ))}
        </Group>
      )}
    </>
  );
}

/** Adds `qty` of a product to the lines: one more of a line already there, else a new line at its last cost. */
export function addTo(lines: readonly EditLine[], p: Product, qty: number): EditLine[] {
  if (lines.some((l) => l.productId === p.id)) return lines.map((l) => (l.productId === p.id ? { ...l, qty: l.qty + qty } : l));
  return [...lines, { productId: p.id, name: p.name, unit: p.unit, qty, unitCost: p.cost }];
}

interface TableProps {
  lines: readonly EditLine[];
  /** Null: read only. Called with the whole new list after each change of a line. */
  onChange: ((lines: EditLine[]) => void) | null;
  withCost?: boolean;
  /** An order's ordered / received / still due columns. */
  withDue?: boolean;
}

/** The lines with quantity and unit cost to key in, each line's amount and the total. */
export function LinesTable({ lines, onChange, withCost = true, withDue = false }: TableProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const set = (i: number, patch: Partial<EditLine>) => onChange?.(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  return (
    <Paper withBorder>
      <Table data-testid="goodsin-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('goodsin.product')}</Table.Th>
            <Table.Th w={140}>{t('goodsin.qty')}</Table.Th>
            {withCost && <Table.Th w={150}>{t('goodsin.unitCost')}</Table.Th>}
            {withCost && <Table.Th ta="right">{t('goodsin.amount')}</Table.Th>}
            {withDue && <Table.Th ta="right">{t('goodsin.received')}</Table.Th>}
            {withDue && <Table.Th ta="right">{t('goodsin.due')}</Table.Th>}
            {onChange && <Table.Th w={110} />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((l, i) => (
            <Table.Tr
              key={l.productId}
              data-testid="goodsin-line"
              data-product-id={l.productId}
              data-qty={l.qty}
              data-received={l.received ?? ''}
              data-due={l.due ?? ''}
            >
              <Table.Td>{l.name}</Table.Td>
              <Table.Td>
                {onChange ? (
                  <Field
                    key={`q${l.qty}`}
                    label={`${t('goodsin.qty')}: ${l.name}`}
                    testId="goodsin-qty"
                    value={qtyToInput(l.qty)}
                    parse={(s) => parseQty(s)}
                    onCommit={(qty) => set(i, { qty })}
                  />
                ) : (
                  f.qty(l.qty, l.unit)
                )}
              </Table.Td>
              {withCost && (
                <Table.Td>
                  {onChange ? (
                    <Field
                      key={`c${l.unitCost}`}
                      label={`${t('goodsin.unitCost')}: ${l.name}`}
                      testId="goodsin-cost"
                      value={l.unitCost == null ? '' : f.moneyInput(l.unitCost)}
                      parse={(s) => f.parseMoney(s)}
                      onCommit={(unitCost) => set(i, { unitCost })}
                    />
                  ) : l.unitCost == null ? (
                    ''
                  ) : (
                    f.money(l.unitCost)
                  )}
                </Table.Td>
              )}
              {withCost && (
                <Table.Td ta="right" data-testid="goodsin-line-amount">
                  {l.unitCost == null ? '' : f.money(lineAmount(l.unitCost, l.qty))}
                </Table.Td>
              )}
              {withDue && <Table.Td ta="right">{f.qty(l.received ?? 0, l.unit)}</Table.Td>}
              {withDue && (
                <Table.Td ta="right" fw={600}>
                  {f.qty(l.due ?? 0, l.unit)}
                </Table.Td>
              )}
              {onChange && (
                <Table.Td>
                  <Button variant="subtle" color="red" onClick={() => onChange(lines.filter((_, j) => j !== i))}>
                    {t('goodsin.remove')}
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {!lines.length && (
        <Text c="dimmed" p="md">
          {t('goodsin.noLines')}
        </Text>
      )}
    </Paper>
  );
}

/** A number typed freely and saved when the field is left or Enter pressed; a value that does not parse stays red. */
function Field(props: { label: string; testId: string; value: string; parse(s: string): number | null; onCommit(v: number): void }) {
  const [text, setText] = useState(props.value);
  const parsed = props.parse(text);
  const commit = () => {
    if (parsed != null && text !== props.value) props.onCommit(parsed);
  };
  return (
    <TextInput
      aria-label={props.label}
      data-testid={props.testId}
      inputMode="decimal"
      value={text}
      error={parsed == null}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
      }}
    />
  );
}

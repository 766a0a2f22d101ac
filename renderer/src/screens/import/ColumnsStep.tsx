// Step two of an import: which sheet, which row is the header, and what each column means, checked against the
// first rows under the header. The core proposes it all (the supplier's kept mapping first); the user corrects it.
import { Badge, Button, Group, NativeSelect, NumberInput, Paper, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PriceField, PriceListSheets } from '../../api/types';

export type Mapping = Partial<Record<PriceField, number>>;

interface Props {
  look: PriceListSheets;
  mapping: Mapping;
  onMapping: (m: Mapping) => void;
  /** Read the file again with another sheet or header row (the proposal follows). */
  onReread: (sheet: string, headerRow: number) => void;
  headerRow: number;
  onHeaderRow: (n: number) => void;
  busy?: boolean;
  /** The fields this import reads, in the order the choice lists them. */
  fields: readonly PriceField[];
  fieldLabel: (f: PriceField) => string;
}

export function ColumnsStep({ look, mapping, onMapping, onReread, headerRow, onHeaderRow, busy, fields, fieldLabel }: Props) {
  const { t } = useTranslation();
  const fieldAt = (index: number) => (Object.entries(mapping) as [PriceField, number][]).find(([, i]) => i === index)?.[0] ?? '';
  const setField = (index: number, field: string) => {
    const next: Mapping = {};
    for (const [f, i] of Object.entries(mapping) as [PriceField, number][]) if (i !== index && f !== field) next[f] = i;
    if (field) next[field as PriceField] = index;
    onMapping(next);
  };
  const sample = look.sample.slice(0, 5);
  return (
    <Stack>
      <Group align="end">
        <NativeSelect
          label={t('pricelists.sheet')}
          data={look.sheets.map((s) => s.name)}
          value={look.sheet}
          disabled={busy}
          onChange={(e) => onReread(e.currentTarget.value, 0)}
          data-testid="import-sheet"
        />
        <NumberInput
          label={t('pricelists.headerRow')}
          min={1}
          max={10_000}
          value={headerRow}
          onChange={(v) => onHeaderRow(Number(v) || 1)}
          w={140}
          data-testid="import-header-row"
        />
        <Button variant="default" disabled={busy} onClick={() => onReread(look.sheet, headerRow)} data-testid="import-reread">
          {t('pricelists.reread')}
        </Button>
        {look.kept && <Badge color="teal">{t('pricelists.kept')}</Badge>}
      </Group>
      <Paper withBorder style={{ overflowX: 'auto' }}>
        <Table data-testid="import-columns" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('pricelists.column')}</Table.Th>
              <Table.Th>{t('pricelists.header')}</Table.Th>
              <Table.Th>{t('pricelists.field')}</Table.Th>
              <Table.Th>{t('pricelists.sample')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {look.columns.map((c) => (
              <Table.Tr key={c.index}>
                <Table.Td>{c.letter}</Table.Td>
                <Table.Td>{c.header}</Table.Td>
                <Table.Td>
                  <NativeSelect
                    aria-label={`${t('pricelists.field')} ${c.letter}`}
                    data={[{ value: '', label: t('pricelists.fields.none') }, ...fields.map((f) => ({ value: f, label: fieldLabel(f) }))]}
                    value={fieldAt(c.index)}
                    onChange={(e) => setField(c.index, e.currentTarget.value)}
                    data-testid={`import-field-${c.letter}`}
                  />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed" lineClamp={1}>
                    {sample
                      .map((r) => r.cells[c.index] ?? '')
                      .filter((v) => v !== '')
                      .join(' · ')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  );
}

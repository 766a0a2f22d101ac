import { Button, Group, NativeSelect, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import type { Product, WriteoffReason } from '../../api/types';
import { parseQty, qtyToInput } from '../../i18n/format';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { newUuid } from '../../ui/uuid';

const REASONS: WriteoffReason[] = ['damaged', 'expired', 'theft', 'own_use', 'other'];

interface Line {
  product: Product;
  qty: string;
}

/** A write-off or a transfer: header, lines found by name, SKU or a scanned barcode, then posted in one go. */
export function DocForm({ kind }: { kind: 'writeoff' | 'transfer' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const locations = useApiQuery('locations.list', {}, { staleTime: Infinity });
  const places = (locations.data ?? []).map((l) => ({ value: String(l.id), label: l.name }));
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState<WriteoffReason>('damaged');
  const [note, setNote] = useState('');
  const [lines, setLines] = useState<Line[]>([]);
  const [q, setQ] = useState('');
  const [typed] = useDebouncedValue(q.trim(), 200);
  const found = useApiQuery('catalog.search', { q: typed, limit: 8 }, { enabled: typed.length > 1 });
  const post = useApiMutation('doc.post');
  const fromId = Number(from || places[0]?.value || 0);
  const toId = Number(to || places.find((p) => Number(p.value) !== fromId)?.value || 0);

  const add = (p: Product) => {
    setLines((ls) => (ls.some((l) => l.product.id === p.id) ? ls : [...ls, { product: p, qty: '1' }]));
    setQ('');
  };
  const parsed = lines.map((l) => ({ productId: l.product.id, qty: parseQty(l.qty) ?? 0 }));
  const valid = parsed.length > 0 && parsed.every((l) => l.qty > 0);

  const submit = () => {
    const head = { uuid: newUuid(), locationId: fromId, lines: parsed, ...(note.trim() ? { note: note.trim() } : {}) };
    const input =
      kind === 'writeoff' ? { ...head, type: 'writeoff' as const, reason } : { ...head, type: 'transfer' as const, toLocationId: toId };
    post.mutate(input, { onSuccess: (r) => void navigate({ to: '/stockdocs/$id', params: { id: r.id } }) });
  };

  return (
    <Stack data-testid={`stockdoc-form-${kind}`}>
      <Group align="end">
        <NativeSelect
          label={kind === 'transfer' ? t('stockdocs.from') : t('stockdocs.location')}
          data={places}
          value={String(fromId)}
          onChange={(e) => setFrom(e.currentTarget.value)}
        />
        {kind === 'transfer' && (
          <NativeSelect label={t('stockdocs.to')} data={places} value={String(toId)} onChange={(e) => setTo(e.currentTarget.value)} />
        )}
        {kind === 'writeoff' && (
          <NativeSelect
            label={t('stockdocs.reason')}
            data-testid="writeoff-reason"
            data={REASONS.map((r) => ({ value: r, label: t(`stockdocs.reasons.${r}`) }))}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value as WriteoffReason)}
          />
        )}
        <TextInput
          style={{ flex: 1 }}
          label={t('stockdocs.note')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          maxLength={500}
        />
      </Group>
      <TextInput
        aria-label={t('stockdocs.find')}
        placeholder={t('stockdocs.find')}
        data-testid="stockdoc-find"
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && found.data?.[0]) add(found.data[0]);
        }}
        autoComplete="off"
      />
      {typed.length > 1 && (found.data?.length ?? 0) > 0 && (
        <Group gap="xs">
          {found.data!.map((p) => (
            <Button key={p.id} variant="light" onClick={() => add(p)}>
              {p.name}
            </Button>
          ))}
        </Group>
      )}
      <Paper withBorder>
        <Table data-testid="stockdoc-lines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('stockdocs.product')}</Table.Th>
              <Table.Th w={160}>{t('stockdocs.qty')}</Table.Th>
              <Table.Th w={120} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lines.map((l, i) => (
              <Table.Tr key={l.product.id}>
                <Table.Td>{l.product.name}</Table.Td>
                <Table.Td>
                  <TextInput
                    aria-label={`${t('stockdocs.qty')}: ${l.product.name}`}
                    inputMode="decimal"
                    value={l.qty}
                    error={(parseQty(l.qty) ?? 0) <= 0}
                    onChange={(e) => {
                      const v = e.currentTarget.value;
                      setLines((ls) => ls.map((x, j) => (j === i ? { ...x, qty: v } : x)));
                    }}
                  />
                </Table.Td>
                <Table.Td>
                  <Button variant="subtle" color="red" onClick={() => setLines((ls) => ls.filter((_, j) => j !== i))}>
                    {t('stockdocs.remove')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {!lines.length && (
          <Text c="dimmed" p="md">
            {t('stockdocs.noLines')}
          </Text>
        )}
      </Paper>
      <Group justify="space-between">
        <Text>
          {t('stockdocs.lines', { count: lines.length })} · {qtyToInput(parsed.reduce((s, l) => s + l.qty, 0))}
        </Text>
        <Button size="lg" data-testid="stockdoc-post" disabled={!valid} loading={post.isPending} onClick={submit}>
          {t('stockdocs.post')}
        </Button>
      </Group>
      <ErrorAlert error={post.error} testId="stockdoc-error" />
    </Stack>
  );
}

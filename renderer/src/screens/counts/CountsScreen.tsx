import { Button, Checkbox, Group, Paper, SegmentedControl, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import { useSession } from '../../session/session';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { segmentTouch } from '../../ui/touch';
import { newUuid } from '../../ui/uuid';
import { useFormat } from '../../ui/format';
import { CountProgressBar } from './CountProgressBar';

type Scope = 'all' | 'category' | 'supplier';

/** Starting a count (for those who post counts): what is counted, full or partial, blind or not. */
function NewCount() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useSession();
  const [scope, setScope] = useState<Scope>('all');
  const [mode, setMode] = useState<'full' | 'partial'>('partial');
  const [blind, setBlind] = useState(false);
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [supplierId, setSupplierId] = useState('');
  const categories = useApiQuery('category.list', {}, { enabled: can('catalog.view') && scope === 'category' });
  const create = useApiMutation('count.create');
  const start = () =>
    create.mutate(
      {
        uuid: newUuid(),
        scope,
        mode,
        blind,
        ...(scope === 'category' && categoryId ? { categoryId: Number(categoryId) } : {}),
        ...(scope === 'supplier' && /^\d+$/.test(supplierId) ? { supplierId: Number(supplierId) } : {}),
      },
      { onSuccess: (c) => void navigate({ to: '/counts/$id', params: { id: c.id } }) },
    );
  return (
    <Paper withBorder p="md" data-testid="count-new">
      <Stack gap="sm">
        <Title order={3}>{t('counts.new')}</Title>
        <Text size="sm">{t('counts.scope.label')}</Text>
        <SegmentedControl
          fullWidth
          styles={segmentTouch}
          value={scope}
          onChange={(v) => setScope(v as Scope)}
          data={(['all', 'category', 'supplier'] as const).map((s) => ({ value: s, label: t(`counts.scope.${s}`) }))}
        />
        {scope === 'category' && (
          <Select
            label={t('counts.scope.category')}
            data={(categories.data ?? []).map((c) => ({ value: String(c.id), label: c.name }))}
            value={categoryId}
            onChange={setCategoryId}
            searchable
          />
        )}
        {scope === 'supplier' && (
          <TextInput
            label={t('counts.supplierId')}
            inputMode="numeric"
            value={supplierId}
            onChange={(e) => setSupplierId(e.currentTarget.value)}
          />
        )}
        <Text size="sm">{t('counts.mode.label')}</Text>
        <SegmentedControl
          fullWidth
          orientation="vertical"
          styles={segmentTouch}
          value={mode}
          onChange={(v) => setMode(v as 'full' | 'partial')}
          data={(['partial', 'full'] as const).map((m) => ({ value: m, label: t(`counts.mode.${m}`) }))}
        />
        <Checkbox label={t('counts.blind')} checked={blind} onChange={(e) => setBlind(e.currentTarget.checked)} size="md" />
        <ErrorAlert error={create.error} testId="count-new-error" />
        <Button size="lg" onClick={start} loading={create.isPending} data-testid="count-create">
          {t('counts.create')}
        </Button>
      </Stack>
    </Paper>
  );
}

function Accuracy() {
  const { t } = useTranslation();
  const acc = useApiQuery('count.accuracy', {});
  if (!acc.data || acc.data.overallBp === null) return null;
  return (
    <Text data-testid="count-accuracy" data-bp={acc.data.overallBp}>
      {t('counts.accuracy', { accuracy: (acc.data.overallBp / 100).toFixed(2), n: acc.data.counts.length })}
    </Text>
  );
}

/** The counts, newest first; a phone opens one to count in it. */
export function CountsScreen() {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const { can } = useSession();
  const list = useApiQuery('count.list', {});
  return (
    <Stack maw={720} mx="auto" gap="md">
      <Title order={2}>{t('counts.title')}</Title>
      {can('report.view') && <Accuracy />}
      {can('stock.count') && <NewCount />}
      <ErrorAlert error={list.error} testId="counts-error" />
      {list.data?.rows.length === 0 && <Text c="dimmed">{t('counts.empty')}</Text>}
      {list.data?.rows.map((c) => (
        <Paper key={c.id} withBorder p="sm" data-testid="count-row" data-count-id={c.id} data-status={c.status}>
          <Group justify="space-between" wrap="nowrap">
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Text fw={600}>
                {t('counts.number', { id: c.id })} · {t(`counts.status.${c.status}`)}
              </Text>
              <Text size="sm" c="dimmed">
                {t(`counts.scope.${c.scope}`)} · {f.date(c.createdAt)}
              </Text>
              <CountProgressBar progress={c.progress} size="sm" />
              <Text size="sm">{t('counts.progress', { ...c.progress })}</Text>
            </Stack>
            <Button size="md" variant="light" onClick={() => void navigate({ to: '/counts/$id', params: { id: c.id } })}>
              {t('counts.open')}
            </Button>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

// The counting view, made for a phone (360x640 and up): a big field the keyboard-wedge or Bluetooth scanner types
// into (or a person types a code and a quantity), the recount choice, progress, the last items counted, and for
// those allowed the variance and the post button. Other devices' scans arrive through count.changed.
import { Alert, Button, Group, Paper, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiOutput } from '../../api/types';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import { parseDecimal } from '../../i18n/format';
import { useScans } from '../../scanner/ScanProvider';
import { useSession } from '../../session/session';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { segmentTouch } from '../../ui/touch';
import { CountProgressBar } from './CountProgressBar';

type Recount = 'add' | 'replace';
type View = ApiOutput<'count.get'>;

function Variance({ id }: { id: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const v = useApiQuery('count.variance', { id });
  if (v.error) return <ErrorAlert error={v.error} testId="count-variance-error" />;
  if (!v.data) return null;
  const { totals } = v.data;
  return (
    <Stack gap="xs" data-testid="count-variance">
      <Text size="sm" data-testid="count-variance-totals" data-cost={totals.costValue} data-retail={totals.retailValue}>
        {t('counts.totals', {
          surplus: v.data.lines.filter((l) => l.qty > 0).length,
          shortage: v.data.lines.filter((l) => l.qty < 0).length,
          cost: f.money(totals.costValue),
          retail: f.money(totals.retailValue),
        })}
      </Text>
      <div style={{ overflowX: 'auto' }}>
        <Table fz="sm" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th />
              <Table.Th ta="right">{t('counts.difference')}</Table.Th>
              <Table.Th ta="right">{t('counts.atCost')}</Table.Th>
              <Table.Th ta="right">{t('counts.atRetail')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {v.data.lines
              .filter((l) => l.qty !== 0)
              .map((l) => (
                <Table.Tr key={l.productId} data-testid="count-variance-line" data-product-id={l.productId} data-qty={l.qty}>
                  <Table.Td>{l.name}</Table.Td>
                  <Table.Td ta="right">{(l.qty > 0 ? '+' : '−') + f.qty(Math.abs(l.qty), l.unit)}</Table.Td>
                  <Table.Td ta="right">{f.money(l.costValue)}</Table.Td>
                  <Table.Td ta="right">{f.money(l.retailValue)}</Table.Td>
                </Table.Tr>
              ))}
          </Table.Tbody>
        </Table>
      </div>
    </Stack>
  );
}

function Lines({ view }: { view: View }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Stack gap={6} data-testid="count-lines">
      {view.lines.slice(0, 50).map((l) => (
        <Paper key={l.id} withBorder p="xs" data-testid="count-line" data-product-id={l.productId} data-counted={l.countedQty}>
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text fw={600} truncate>
                {l.name}
              </Text>
              <Text size="xs" c="dimmed" truncate>
                {t('counts.byDevice', { who: l.countedBy, device: l.device })}
              </Text>
            </Stack>
            <Stack gap={0} align="flex-end">
              <Text fw={700} size="lg">
                {f.qty(l.countedQty, l.unit)}
              </Text>
              {l.bookQty !== null && (
                <Text size="xs" c="dimmed" data-testid="count-line-book">
                  {t('counts.expected', { qty: f.qty(l.bookQty, l.unit) })}
                </Text>
              )}
            </Stack>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

export function CountScreen({ id }: { id: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useSession();
  const view = useApiQuery('count.get', { id });
  const scan = useApiMutation('count.scan');
  const post = useApiMutation('count.post');
  const cancel = useApiMutation('count.cancel');
  const exporter = useApiMutation('count.export');
  const [code, setCode] = useState('');
  const [qtyText, setQtyText] = useState('');
  const [recount, setRecount] = useState<Recount>('add');
  const [showVariance, setShowVariance] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  const v = view.data;
  const open = v?.status === 'open';

  const send = (scanned: string) => {
    const text = scanned.trim();
    if (!text || !open) return;
    const qty = qtyText.trim() ? parseDecimal(qtyText, 3) : undefined;
    return scan.mutateAsync({ id, code: text, recount, ...(qty != null ? { qty } : {}) }).then(
      () => {
        setCode('');
        setQtyText('');
        void view.refetch();
        field.current?.focus();
      },
      () => field.current?.select(),
    );
  };
  useScans((c) => send(c));

  if (view.error) return <ErrorAlert error={view.error} testId="count-error" />;
  if (!v) return null;
  const last = scan.data?.line;
  return (
    <Stack maw={560} mx="auto" gap="sm" data-testid="count-screen" data-status={v.status} data-expected-hidden={v.expectedHidden}>
      <Group justify="space-between">
        <Title order={3}>{t('counts.number', { id: v.id })}</Title>
        <Link to="/counts">{t('counts.back')}</Link>
      </Group>
      <Text size="sm">
        {t(`counts.status.${v.status}`)} · {t(`counts.scope.${v.scope}`)} · {t(`counts.mode.${v.mode}`)}
      </Text>
      <CountProgressBar progress={v.progress} size="lg" />
      <Text data-testid="count-progress" data-counted={v.progress.counted} data-expected={v.progress.expected}>
        {t('counts.progress', { ...v.progress })}
      </Text>
      {open && (
        <Paper withBorder p="sm">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void send(code);
            }}
          >
            <Stack gap="xs">
              <TextInput
                ref={field}
                size="lg"
                label={t('counts.code')}
                value={code}
                onChange={(e) => setCode(e.currentTarget.value)}
                autoComplete="off"
                data-scan-field
                data-testid="count-code"
                autoFocus
              />
              <TextInput
                size="lg"
                label={t('counts.qty')}
                inputMode="decimal"
                value={qtyText}
                onChange={(e) => setQtyText(e.currentTarget.value)}
                placeholder="1"
                data-testid="count-qty"
              />
              <Text size="sm">{t('counts.recount.label')}</Text>
              <SegmentedControl
                fullWidth
                styles={segmentTouch}
                value={recount}
                onChange={(r) => setRecount(r as Recount)}
                data={(['add', 'replace'] as const).map((r) => ({ value: r, label: t(`counts.recount.${r}`) }))}
                data-testid="count-recount"
              />
              <Button type="submit" size="xl" loading={scan.isPending} data-testid="count-add">
                {t('counts.add')}
              </Button>
            </Stack>
          </form>
        </Paper>
      )}
      <ErrorAlert error={scan.error} testId="count-scan-error" />
      {last && !scan.error && (
        <Alert color="green" data-testid="count-last" data-product-id={last.productId} data-counted={last.countedQty}>
          {t('counts.scanned', { name: last.name, qty: f.qty(last.countedQty, last.unit) })}
        </Alert>
      )}
      {can('count.view_expected') && (
        <Button variant="light" size="md" onClick={() => setShowVariance((s) => !s)} data-testid="count-variance-toggle">
          {showVariance ? t('counts.hideVariance') : t('counts.variance')}
        </Button>
      )}
      {showVariance && <Variance id={id} />}
      {post.data && (
        <Alert color="green" data-testid="count-posted">
          {t('counts.posted', { number: post.data.number, accuracy: (post.data.accuracyBp / 100).toFixed(2) })}
        </Alert>
      )}
      <ErrorAlert error={post.error ?? cancel.error ?? exporter.error} testId="count-action-error" />
      {open && can('stock.count') && (
        <Group grow>
          <Button
            size="lg"
            color="green"
            loading={post.isPending}
            data-testid="count-post"
            onClick={() => {
              if (window.confirm(t('counts.postConfirm'))) post.mutate({ id }, { onSettled: () => void view.refetch() });
            }}
          >
            {t('counts.post')}
          </Button>
          <Button size="lg" variant="default" onClick={() => cancel.mutate({ id }, { onSettled: () => void view.refetch() })}>
            {t('counts.cancel')}
          </Button>
        </Group>
      )}
      <Group grow>
        <Button variant="default" onClick={() => exporter.mutate({ id, what: 'sheet' })} data-testid="count-export-sheet">
          {t('counts.exportSheet')}
        </Button>
        {can('count.view_expected') && (
          <Button variant="default" onClick={() => exporter.mutate({ id, what: 'variance' })}>
            {t('counts.exportVariance')}
          </Button>
        )}
      </Group>
      {exporter.data && <Text size="sm">{t('counts.exported', { file: exporter.data.file })}</Text>}
      <Lines view={v} />
    </Stack>
  );
}

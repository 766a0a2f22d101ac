import { AreaChart, BarChart } from '@mantine/charts';
import { Anchor, Badge, Card, Group, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading } from '../../ui/Loading';
import { useFormat } from '../../ui/format';
import { useSession } from '../../session/session';
import { STATE_COLOR } from '../sync/SyncIndicator';

const WINDOWS = [7, 30, 90] as const;

/**
 * The owner's dashboard: one read in the reader worker (report.dashboard) gives the figures the reports give, over
 * the last days; money stays in minor units and is formatted by locale on the axes and in the tooltips.
 */
export function DashboardScreen() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const [days, setDays] = useState<number>(30);
  const q = useApiQuery('report.dashboard', { days }, { placeholderData: (prev) => prev });
  const pct = new Intl.NumberFormat(i18n.language, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const dayLabel = new Intl.DateTimeFormat(i18n.language, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const d = q.data;
  const money = (v: number) => fmt.money(v);

  return (
    <Stack maw={1500} mx="auto">
      <Group justify="space-between">
        <Title order={2}>{t('dashboard.title')}</Title>
        <SegmentedControl
          aria-label={t('dashboard.lastDays', { days })}
          value={String(days)}
          onChange={(v) => setDays(Number(v))}
          data={WINDOWS.map((n) => ({ value: String(n), label: t('dashboard.lastDays', { days: n }) }))}
        />
      </Group>
      <ErrorAlert error={q.error} testId="dashboard-error" />
      {!d ? (
        <Loading />
      ) : (
        <>
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            <Card withBorder data-testid="dashboard-today">
              <Text size="sm" c="dimmed">
                {t('dashboard.today')}
              </Text>
              <Text fw={700} size="xl">
                {money(d.todayRevenue)}
              </Text>
              <Text size="sm">{t('dashboard.sameDayLastWeek', { amount: money(d.lastWeekRevenue) })}</Text>
            </Card>
            <Card withBorder data-testid="dashboard-revenue">
              <Text size="sm" c="dimmed">
                {t('dashboard.revenue')}
              </Text>
              <Text fw={700} size="xl">
                {money(d.netRevenue)}
              </Text>
              <Text size="sm">{t('dashboard.marginPct', { pct: d.marginPct === null ? '—' : pct.format(d.marginPct / 10_000) })}</Text>
            </Card>
            <Card withBorder>
              <Text size="sm" c="dimmed">
                {t('dashboard.averageReceipt')}
              </Text>
              <Text fw={700} size="xl">
                {d.averageReceipt === null ? '—' : money(d.averageReceipt)}
              </Text>
              <Text size="sm">{t('dashboard.receipts', { count: d.receipts })}</Text>
            </Card>
            <Card withBorder data-testid="dashboard-stock">
              <Text size="sm" c="dimmed">
                {t('dashboard.stockValue')}
              </Text>
              <Text fw={700} size="xl">
                {money(d.stockValue)}
              </Text>
              <Text size="sm">{t('dashboard.stockRetail', { amount: money(d.stockRetail) })}</Text>
              <Text size="sm">
                {t('dashboard.deadValue')}: {money(d.deadValue)}
              </Text>
              <Text size="sm">{t('dashboard.lowStock', { count: d.lowStock })}</Text>
            </Card>
          </SimpleGrid>
          <SyncCard />
          {d.netRevenue === 0 && <Text c="dimmed">{t('dashboard.noData')}</Text>}
          <Card withBorder data-testid="dashboard-by-day">
            <Title order={3} size="h4" mb="sm">
              {t('dashboard.byDay')}
            </Title>
            <AreaChart
              h={280}
              data={d.days.map((x) => ({ ...x, label: dayLabel.format(new Date(`${x.day}T00:00:00Z`)) }))}
              dataKey="label"
              series={[
                { name: 'netRevenue', label: t('dashboard.revenue'), color: 'blue.6' },
                { name: 'margin', label: t('dashboard.margin'), color: 'teal.6' },
              ]}
              valueFormatter={money}
              withLegend
              curveType="monotone"
              yAxisProps={{ width: 90 }}
            />
          </Card>
          <Card withBorder data-testid="dashboard-top">
            <Title order={3} size="h4" mb="sm">
              {t('dashboard.topProducts')}
            </Title>
            <BarChart
              h={Math.max(160, d.topProducts.length * 32)}
              data={d.topProducts}
              dataKey="name"
              orientation="vertical"
              series={[{ name: 'netRevenue', label: t('dashboard.revenue'), color: 'blue.6' }]}
              valueFormatter={money}
              yAxisProps={{ width: 180 }}
            />
          </Card>
        </>
      )}
    </Stack>
  );
}

/**
 * The web store's sync at a glance, for a shop that has one: what waits and the last success for everyone who sees the
 * dashboard; what was set aside and the last error for the one who runs the store (store.panel, store.manage).
 */
function SyncCard() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useSession();
  const manages = can('store.manage');
  const status = useApiQuery('store.status', {}, { refetchInterval: 15_000 });
  const panel = useApiQuery('store.panel', {}, { enabled: manages, refetchInterval: 15_000 });
  const s = status.data;
  if (!s || s.state === 'off') return null;
  const full = panel.data?.status;
  return (
    <Card withBorder data-testid="dashboard-sync" data-state={s.state}>
      <Group justify="space-between" mb="xs">
        <Badge color={STATE_COLOR[s.state]} variant="dot" size="lg" tt="none">
          {t(`sync.indicator.${s.state}`)}
        </Badge>
        {manages && (
          <Anchor component={Link} to="/sync" size="sm">
            {t('sync.title')}
          </Anchor>
        )}
      </Group>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Text size="sm">
          {t('sync.queueDepth')}: {fmt.count(s.queueDepth)}
        </Text>
        <Text size="sm">
          {t('sync.lastSuccess')}: {s.lastSuccessAt ? fmt.date(s.lastSuccessAt) : t('sync.never')}
        </Text>
        {full && (
          <Text size="sm" data-testid="dashboard-sync-dead">
            {t('sync.deadLetterCount')}: {fmt.count(full.deadLetters)}
          </Text>
        )}
        {full && (
          <Text size="sm" lineClamp={2}>
            {t('sync.lastError')}: {full.lastError ?? t('sync.none')}
          </Text>
        )}
      </SimpleGrid>
    </Card>
  );
}

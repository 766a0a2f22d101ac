import { SegmentedControl, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DocForm } from './DocForm';
import { ReorderView } from './Reorder';
import { NegativeReport } from './StockReports';
import { TransitList } from './Transit';

const TABS = ['writeoff', 'transfer', 'transit', 'negative', 'reorder'] as const;
type Tab = (typeof TABS)[number];

/** Write-offs and transfers, goods in transit, where stock went negative, and what to reorder. */
export function StockDocsScreen() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('writeoff');
  return (
    <Stack maw={1300} mx="auto">
      <Title order={2}>{t('stockdocs.title')}</Title>
      <SegmentedControl
        data-testid="stockdocs-tabs"
        value={tab}
        onChange={(v) => setTab(v as Tab)}
        data={TABS.map((k) => ({ value: k, label: t(`stockdocs.tabs.${k}`) }))}
      />
      {tab === 'writeoff' && <DocForm key="writeoff" kind="writeoff" />}
      {tab === 'transfer' && <DocForm key="transfer" kind="transfer" />}
      {tab === 'transit' && <TransitList />}
      {tab === 'negative' && <NegativeReport />}
      {tab === 'reorder' && <ReorderView />}
    </Stack>
  );
}

import { Alert, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/client';
import { useApiQuery } from '../../api/hooks';
import type { PostResult, ReceiptForReturn } from '../../api/types';
import { beep } from '../../scanner/beep';
import { useScans } from '../../scanner/ScanProvider';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { NoReceiptReturn } from './NoReceiptReturn';
import { ReturnForm } from './ReturnForm';

/** Returns: scan the receipt's barcode (or find it), pick what comes back, refund. */
export function ReturnsScreen() {
  const { t } = useTranslation();
  const f = useFormat();
  const [code, setCode] = useState('');
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const found = useApiQuery('receipt.search', { q: debounced, limit: 30 }, { placeholderData: (prev) => prev });
  const [receipt, setReceipt] = useState<ReceiptForReturn | null>(null);
  const [noReceipt, setNoReceipt] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<PostResult | null>(null);

  const find = async (value: string) => {
    const c = value.trim();
    if (!c) return;
    setError(null);
    setDone(null);
    try {
      setReceipt(await request('receipt.find', { code: c }));
      setNoReceipt(false);
    } catch (err) {
      setError(err);
      beep();
    }
  };
  useScans((c) => void find(c));

  const finished = (r: PostResult) => {
    setDone(r);
    setReceipt(null);
    setNoReceipt(false);
  };

  return (
    <Stack maw={1100} mx="auto">
      <Group justify="space-between">
        <Title order={2}>{t('returns.title')}</Title>
        <Button variant="default" data-testid="no-receipt" onClick={() => (setNoReceipt(true), setReceipt(null))}>
          {t('returns.noReceipt')}
        </Button>
      </Group>
      <form onSubmit={(e) => (e.preventDefault(), void find(code), setCode(''))}>
        <TextInput
          label={t('returns.scan')}
          data-testid="returns-code"
          autoFocus
          autoComplete="off"
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
        />
      </form>
      <ErrorAlert error={error} testId="returns-error" />
      {done && (
        <Alert color="teal" data-testid="return-done" data-number={done.number}>
          {t('returns.done', { number: done.number, amount: f.money(done.total) })}
        </Alert>
      )}
      {receipt && <ReturnForm key={receipt.sale.id} receipt={receipt} onDone={finished} />}
      {noReceipt && <NoReceiptReturn onDone={finished} onCancel={() => setNoReceipt(false)} />}
      {!receipt && !noReceipt && (
        <Paper withBorder p="md">
          <Stack>
            <TextInput
              label={t('returns.search')}
              data-testid="returns-search"
              autoComplete="off"
              value={q}
              onChange={(e) => setQ(e.currentTarget.value)}
            />
            <ErrorAlert error={found.error} />
            {found.isSuccess && !found.data.length && <Text c="dimmed">{t('returns.noneFound')}</Text>}
            <Table highlightOnHover>
              <Table.Tbody>
                {(found.data ?? []).map((d) => (
                  <Table.Tr
                    key={d.id}
                    data-testid="returns-result"
                    data-number={d.number}
                    tabIndex={0}
                    style={{ cursor: 'pointer', height: 48 }}
                    onClick={() => void find(d.number)}
                    onKeyDown={(e) => e.key === 'Enter' && void find(d.number)}
                  >
                    <Table.Td>{d.number}</Table.Td>
                    <Table.Td>{f.date(d.postedAt)}</Table.Td>
                    <Table.Td>{d.authorName}</Table.Td>
                    <Table.Td ta="right">{f.money(d.total)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}

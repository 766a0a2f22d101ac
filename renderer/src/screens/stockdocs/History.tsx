import { Anchor, Button, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useApiMore, useApiQuery } from '../../api/hooks';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';

/** A product's movements, newest first, each with its document (a link), who posted it and the balance it left. */
export function History() {
  const { t } = useTranslation();
  const f = useFormat();
  const { productId } = useParams({ from: '/stockdocs/history/$productId' });
  const product = useApiQuery('catalog.get', { id: productId });
  const list = useApiMore('stock.movements', { productId, limit: 100 });
  const unit = product.data?.unit ?? 'pcs';
  return (
    <Stack maw={1200} mx="auto" data-testid="movement-history">
      <Anchor component={Link} to="/stock">
        {t('nav.stock')}
      </Anchor>
      <Title order={2}>{t('stockdocs.historyOf', { name: product.data?.name ?? '' })}</Title>
      <ErrorAlert error={list.error ?? product.error} />
      <Paper withBorder style={{ overflowX: 'auto' }}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('stockdocs.date')}</Table.Th>
              <Table.Th>{t('stockdocs.document')}</Table.Th>
              <Table.Th>{t('stockdocs.location')}</Table.Th>
              <Table.Th>{t('stockdocs.author')}</Table.Th>
              <Table.Th ta="right">{t('stockdocs.change')}</Table.Th>
              <Table.Th ta="right">{t('stockdocs.balance')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.rows.map((m) => (
              <Table.Tr key={m.id} data-testid="movement-row">
                <Table.Td>{f.date(m.at)}</Table.Td>
                <Table.Td>
                  {t(`docType.${m.docType}`)}{' '}
                  <Link to="/stockdocs/$id" params={{ id: m.documentId }}>
                    {m.docNumber}
                  </Link>
                  {m.reason ? ` · ${t(`stockdocs.reasons.${m.reason}`)}` : ''}
                </Table.Td>
                <Table.Td>{m.locationName}</Table.Td>
                <Table.Td>{m.authorName}</Table.Td>
                <Table.Td ta="right">{f.qty(m.qtyDelta, unit)}</Table.Td>
                <Table.Td ta="right">{f.qty(m.balanceAfter, unit)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {list.isSuccess && !list.rows.length && (
          <Text c="dimmed" p="md">
            {t('stockdocs.noHistory')}
          </Text>
        )}
      </Paper>
      {list.hasNextPage && (
        <Button variant="light" onClick={() => void list.fetchNextPage()}>
          {t('stockdocs.more')}
        </Button>
      )}
    </Stack>
  );
}

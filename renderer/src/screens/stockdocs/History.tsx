import { Anchor, Stack, Title } from '@mantine/core';
import { Link, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useApiMore, useApiQuery } from '../../api/hooks';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { MoreTable } from './MoreTable';

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
      <MoreTable
        list={list}
        rowTestId="movement-row"
        empty={t('stockdocs.noHistory')}
        columns={[
          { label: t('stockdocs.date'), cell: (m) => f.date(m.at) },
          {
            label: t('stockdocs.document'),
            cell: (m) => (
              <>
                {t(`docType.${m.docType}`)}{' '}
                <Link to="/stockdocs/$id" params={{ id: m.documentId }}>
                  {m.docNumber}
                </Link>
                {m.reason ? ` · ${t(`stockdocs.reasons.${m.reason}`)}` : ''}
              </>
            ),
          },
          { label: t('stockdocs.location'), cell: (m) => m.locationName },
          { label: t('stockdocs.author'), cell: (m) => m.authorName },
          { label: t('stockdocs.change'), right: true, cell: (m) => f.qty(m.qtyDelta, unit) },
          { label: t('stockdocs.balance'), right: true, cell: (m) => f.qty(m.balanceAfter, unit) },
        ]}
      />
    </Stack>
  );
}

import { Checkbox, Stack } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMore } from '../../api/hooks';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { MoreTable } from './MoreTable';

/** Each time an item went below zero, newest first, with the document that took it there. */
export function NegativeReport() {
  const { t } = useTranslation();
  const f = useFormat();
  const [still, setStill] = useState(false);
  const list = useApiMore('report.negativeStock', { limit: 100, filters: still ? { stillNegative: true } : {} });
  return (
    <Stack data-testid="negative-report">
      <Checkbox label={t('stockdocs.stillNegative')} checked={still} onChange={(e) => setStill(e.currentTarget.checked)} />
      <ErrorAlert error={list.error} />
      <MoreTable
        list={list}
        rowTestId="negative-row"
        empty={t('stockdocs.noNegative')}
        columns={[
          { label: t('stockdocs.date'), cell: (r) => f.date(r.at) },
          { label: t('stockdocs.product'), cell: (r) => r.name },
          { label: t('stockdocs.location'), cell: (r) => r.locationName },
          {
            label: t('stockdocs.document'),
            cell: (r) => (
              <>
                {t(`docType.${r.docType}`)}{' '}
                <Link to="/stockdocs/$id" params={{ id: r.documentId }}>
                  {r.docNumber}
                </Link>{' '}
                · {r.authorName}
              </>
            ),
          },
          { label: t('stockdocs.after'), right: true, cell: (r) => f.qty(r.qtyAfter, r.unit) },
          { label: t('stockdocs.onHandNow'), right: true, cell: (r) => f.qty(r.onHandNow, r.unit) },
        ]}
      />
    </Stack>
  );
}

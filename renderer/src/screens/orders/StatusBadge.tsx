import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ApiOutput } from '../../api/types';

type Status = ApiOutput<'store.order'>['status'];
// Outlined in dark shades: the text is the shade on the page's white, WCAG AA. (A light badge given a shade paints its
// background in that shade under the colour's pale light text, which cannot be read.)
const COLOR: Record<Status, string> = {
  reserved: 'blue.9',
  parked: 'orange.9',
  picking: 'violet.9',
  ready: 'cyan.9',
  fulfilled: 'teal.9',
  cancelled: 'gray.8',
};

export function StatusBadge({ status }: { status: Status }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLOR[status]} variant="outline" data-testid="order-status" data-status={status}>
      {t(`sync.orderStatus.${status}`)}
    </Badge>
  );
}

/** An open order whose reserved goods the shelf no longer covers: flagged in the list before anyone starts picking. */
export function ShortBadge() {
  const { t } = useTranslation();
  return (
    <Badge color="red.9" variant="outline" data-testid="order-short">
      {t('orders.short')}
    </Badge>
  );
}

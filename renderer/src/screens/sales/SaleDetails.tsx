import { Badge, Group, Loader, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useCanGoBack, useNavigate, useParams, useRouter } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks';
import { formatQtyNumber } from '../../i18n/format';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { STATUS_COLOR } from './SalesScreen';

/** `/sales/$id`: the document over the list; closing goes back where the user came from (the list, filters kept). */
export function SaleDetailsRoute() {
  const { id } = useParams({ from: '/sales/$id' });
  const router = useRouter();
  const canGoBack = useCanGoBack();
  const navigate = useNavigate();
  const close = () => (canGoBack ? router.history.back() : void navigate({ to: '/sales', search: true }));
  return <SaleDetails id={id} onClose={close} />;
}

export function SaleDetails({ id, onClose }: { id: number; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const doc = useApiQuery('doc.get', { id });
  const d = doc.data;

  return (
    <Modal
      opened
      onClose={onClose}
      size="xl"
      title={d ? t('sales.details', { type: t(`docType.${d.type}`), number: d.number }) : t('app.loading')}
    >
      {doc.isPending && <Loader />}
      <ErrorAlert error={doc.error} />
      {d && (
        <Stack data-testid="sale-details">
          <Group justify="space-between">
            <Text>
              {f.date(d.postedAt)} · {d.authorName}
            </Text>
            <Badge color={STATUS_COLOR[d.status]} variant="light">
              {t(`docStatus.${d.status}`)}
            </Badge>
          </Group>
          <Title order={4}>{t('sales.lines')}</Title>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('sale.product')}</Table.Th>
                <Table.Th ta="right">{t('sale.qty')}</Table.Th>
                <Table.Th ta="right">{t('sale.price')}</Table.Th>
                <Table.Th ta="right">{t('sale.amount')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.lines.map((l) => (
                <Table.Tr key={l.id} data-testid="detail-line">
                  <Table.Td>{l.productName}</Table.Td>
                  {/* DocLine carries no unit, so the bare number. */}
                  <Table.Td ta="right">{formatQtyNumber(l.qty, i18n.language)}</Table.Td>
                  <Table.Td ta="right">{f.money(l.price)}</Table.Td>
                  <Table.Td ta="right">{f.money(l.amount)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group justify="space-between">
            <Text c="dimmed">
              {t('sales.tax')}: {f.money(d.taxTotal)}
            </Text>
            <Text size="xl" fw={700}>
              {t('sale.total')}: {f.money(d.total)}
            </Text>
          </Group>
          <Title order={4}>{t('sales.payments')}</Title>
          {!d.payments.length && <Text c="dimmed">{t('sales.noPayments')}</Text>}
          {d.payments.map((p, i) => (
            <Group key={i} justify="space-between" data-testid="detail-payment">
              <Text>{t(`payment.${p.method}`)}</Text>
              <Text>{f.money(p.amount)}</Text>
            </Group>
          ))}
        </Stack>
      )}
    </Modal>
  );
}

import { Alert, Button, Group, Paper, Progress, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation } from '../../api/hooks';
import type { ApiOutput } from '../../api/types';
import { beep } from '../../scanner/beep';
import { useScans } from '../../scanner/ScanProvider';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { LineName } from './OrderLines';

type Order = ApiOutput<'store.order'>;

/** The order's answer from a step replaces the cached one at once; the list refetches its statuses. */
function useOrderUpdate() {
  const client = useQueryClient();
  return (order: Order) => {
    client.setQueryData(['store.order', { orderId: order.orderId }], order);
    void client.invalidateQueries({ queryKey: ['store.orders'] });
  };
}

/** reserved → picking (store.startPicking). */
export function StartPicking({ order }: { order: Order }) {
  const { t } = useTranslation();
  const update = useOrderUpdate();
  const start = useApiMutation('store.startPicking');
  return (
    <Stack gap="xs">
      <ErrorAlert error={start.error} testId="order-pick-start-error" />
      <Button
        variant="light"
        data-testid="order-pick-start"
        loading={start.isPending}
        onClick={() => start.mutate({ orderId: order.orderId }, { onSuccess: update })}
      >
        {t('pick.start')}
      </Button>
    </Stack>
  );
}

/**
 * Pick mode: each item scanned into the basket (a keyboard-wedge scanner anywhere on the screen, or the code typed
 * into the field and Enter) adds to its line; a code not on the order or one too many is refused with a beep and
 * says so, and nothing is picked. Once every line is picked the order can be marked ready for pickup.
 */
export function PickPanel({ order }: { order: Order }) {
  const { t } = useTranslation();
  const f = useFormat();
  const update = useOrderUpdate();
  const pick = useApiMutation('store.pick');
  const ready = useApiMutation('store.ready');
  const [code, setCode] = useState('');
  const field = useRef<HTMLInputElement>(null);
  const done = order.lines.filter((l) => l.picked >= l.qty).length;
  const total = order.lines.length;
  const complete = done === total;
  const progress = t('pick.progress', { done, total });

  const send = (scanned: string) => {
    const text = scanned.trim();
    if (!text || pick.isPending) return;
    return pick.mutateAsync({ orderId: order.orderId, code: text }).then(
      (r) => {
        update(r.order);
        setCode('');
        field.current?.focus();
      },
      () => {
        beep();
        field.current?.select();
      },
    );
  };
  useScans((c) => send(c));
  const last = pick.data;
  const unitOf = (productId: number) => order.lines.find((l) => l.productId === productId)?.unit ?? 'pcs';

  return (
    <Stack gap="sm" data-testid="order-pick">
      <Title order={4}>{t('pick.title')}</Title>
      <Progress.Root size="lg">
        <Progress.Section value={total ? (100 * done) / total : 0} aria-label={progress} />
      </Progress.Root>
      <Text data-testid="order-pick-progress" data-done={done} data-total={total}>
        {progress}
      </Text>
      <Paper withBorder p="sm">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void send(code);
          }}
        >
          <Group align="flex-end" wrap="nowrap">
            <TextInput
              ref={field}
              flex={1}
              label={t('pick.code')}
              description={t('pick.codeHint')}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              autoComplete="off"
              data-scan-field
              data-testid="order-pick-code"
              data-autofocus
            />
            <Button type="submit" variant="default" loading={pick.isPending} disabled={!code.trim()} data-testid="order-pick-add">
              {t('pick.add')}
            </Button>
          </Group>
        </form>
      </Paper>
      <ErrorAlert error={pick.error} testId="order-pick-error" />
      {last && !pick.error && (
        <Alert color="green" variant="light" data-testid="order-pick-last" data-product-id={last.productId} data-picked={last.picked}>
          {t('pick.scanned', {
            name: last.name,
            picked: f.qty(last.picked, unitOf(last.productId)),
            ordered: f.qty(last.ordered, unitOf(last.productId)),
          })}
        </Alert>
      )}
      <Table data-testid="order-pick-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('pick.item')}</Table.Th>
            <Table.Th ta="right">{t('pick.picked')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {order.lines.map((l, i) => (
            <Table.Tr
              key={i}
              data-testid="order-pick-line"
              data-product-id={l.productId ?? ''}
              data-picked={l.picked}
              data-qty={l.qty}
              fw={l.picked >= l.qty ? undefined : 700}
            >
              <Table.Td>
                <LineName line={l} />
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {f.qty(l.picked, l.unit)} / {f.qty(l.qty, l.unit)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <ErrorAlert error={ready.error} testId="order-ready-error" />
      <Text size="sm" c={complete ? 'teal.9' : 'dimmed'}>
        {complete ? t('pick.complete') : t('pick.readyHint')}
      </Text>
      <Button
        data-testid="order-ready"
        disabled={!complete}
        loading={ready.isPending}
        onClick={() => ready.mutate({ orderId: order.orderId }, { onSuccess: update })}
      >
        {t('pick.ready')}
      </Button>
    </Stack>
  );
}

import { Badge, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { memo, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/client';
import type { Cart } from '../../api/types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { percent } from './Totals';

const PHONE = /^\+?\d{6,15}$/;
const cleanPhone = (s: string) => s.replace(/[\s()\-.]/g, '');

interface Props {
  customer: Cart['customer'];
  inputRef: RefObject<HTMLInputElement | null>;
  attach(phone: string | null): Promise<unknown>;
  /** Back to the scan field when done. */
  onDone(): void;
}

/** Loyalty customer by phone: found ones are attached at once, new ones after a name. */
export const CustomerPanel = memo(function CustomerPanel({ customer: c, inputRef, attach, onDone }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const [phone, setPhone] = useState('');
  const [name, setName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const run = async (job: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await job();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = cleanPhone(phone);
    if (!PHONE.test(p) || busy) return;
    void run(async () => {
      if (name !== null) {
        if (!name.trim()) return;
        await request('customer.upsert', { phone: p, name: name.trim() });
      } else if (!(await request('customer.find', { phone: p }))) {
        setName('');
        return;
      }
      await attach(p);
      setPhone('');
      setName(null);
      onDone();
    });
  };

  if (c) {
    return (
      <Group justify="space-between" wrap="nowrap" data-testid="customer-attached" data-customer-id={c.id} data-loyalty={c.loyaltyBp}>
        <Stack gap={0} miw={0}>
          <Text fw={600} truncate>
            {c.name}
          </Text>
          <Text size="sm" c="dimmed">
            {c.phone} · {t('customer.purchases', { amount: f.money(c.totalPurchases) })}
          </Text>
        </Stack>
        <Badge size="lg" color={c.loyaltyBp ? 'teal' : 'gray'} data-testid="customer-loyalty">
          {t('customer.loyalty', { percent: percent(c.loyaltyBp) })}
        </Badge>
        <Button variant="subtle" data-testid="customer-detach" loading={busy} onClick={() => void run(() => attach(null))}>
          {t('customer.detach')}
        </Button>
      </Group>
    );
  }
  const valid = PHONE.test(cleanPhone(phone));
  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        {/* The panel is ~320 px beside the cart on a 1024 px till: the button then goes under the field, uncut. */}
        <Group align="flex-end" wrap="wrap" gap="xs">
          <TextInput
            ref={inputRef}
            style={{ flex: '1 1 12rem' }}
            label={t('customer.phone')}
            placeholder="+7 900 000-00-00"
            inputMode="tel"
            autoComplete="off"
            data-testid="customer-phone"
            value={phone}
            onChange={(e) => (setPhone(e.currentTarget.value), setName(null))}
            onKeyDown={(e) => e.key === 'Escape' && (setPhone(''), setName(null), onDone())}
          />
          <Button type="submit" variant="light" flex="1 0 auto" disabled={!valid} loading={busy} data-testid="customer-find">
            {name === null ? t('customer.attach') : t('customer.create')}
          </Button>
        </Group>
        {name !== null && (
          <TextInput
            label={t('customer.newName')}
            autoFocus
            data-testid="customer-name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            description={t('customer.notFound')}
          />
        )}
        <ErrorAlert error={error} testId="customer-error" />
      </Stack>
    </form>
  );
}, sameProps);

/** Each cart answer is a new object: the panel re-renders only when the customer shown changes. */
function sameProps(a: Props, b: Props): boolean {
  const x = a.customer;
  const y = b.customer;
  const sameCustomer =
    x === y ||
    (!!x &&
      !!y &&
      x.id === y.id &&
      x.name === y.name &&
      x.phone === y.phone &&
      x.loyaltyBp === y.loyaltyBp &&
      x.totalPurchases === y.totalPurchases);
  return sameCustomer && a.inputRef === b.inputRef && a.attach === b.attach && a.onDone === b.onDone;
}

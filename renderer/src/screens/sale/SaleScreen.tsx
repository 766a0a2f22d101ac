import { Alert, Button, Group, Kbd, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/client';
import type { PostResult, Product } from '../../api/types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { cartReducer, cartTotal, emptyCart, newUuid } from './cart';
import { PayDialog } from './PayDialog';
import { ProductPicker } from './ProductPicker';
import { SaleLines } from './SaleLines';

/** Digits only: what a scanner sends. Anything else typed into the field is a name search. */
const looksLikeCode = (s: string) => /^\d+$/.test(s);

export function SaleScreen() {
  const { t } = useTranslation();
  const f = useFormat();
  const [cart, dispatch] = useReducer(cartReducer, emptyCart);
  const [code, setCode] = useState('');
  const [scanError, setScanError] = useState<{ code: string; error: unknown } | null>(null);
  const [pending, setPending] = useState(0);
  const [done, setDone] = useState<PostResult | null>(null);
  const [dialog, setDialog] = useState<'pay' | { search: string } | null>(null);
  const scanRef = useRef<HTMLInputElement>(null);
  const total = cartTotal(cart.lines);

  // Every action ends with the cursor back in the scan field, so the next scan is never lost.
  const refocus = useCallback(() => requestAnimationFrame(() => scanRef.current?.focus()), []);
  useEffect(() => {
    if (!dialog) refocus();
  }, [dialog, refocus]);

  const add = (product: Product, qty: number) => {
    dispatch({ type: 'add', product, qty });
    setDone(null);
    setScanError(null);
  };

  // Not a react-query mutation: a scanner fires codes faster than answers come back, and each answer must land.
  const scan = async (value: string) => {
    setPending((n) => n + 1);
    try {
      const r = await request('catalog.scan', { code: value });
      add(r.product, r.qty);
    } catch (error) {
      setScanError({ code: value, error });
    } finally {
      setPending((n) => n - 1);
    }
  };

  const submitCode = () => {
    const value = code.trim();
    // Cleared either way: a scan that failed must not prefix the next one.
    setCode('');
    if (!value) return;
    if (looksLikeCode(value)) void scan(value);
    else setDialog({ search: value });
  };

  const openPay = () => {
    if (cart.lines.length && !dialog && !pending) setDialog('pay');
  };

  const pay = async (tendered: number) => {
    const uuid = cart.uuid ?? newUuid();
    if (!cart.uuid) dispatch({ type: 'attempt', uuid });
    const r = await request('sale.post', {
      uuid,
      lines: cart.lines.map((l) => ({ productId: l.product.id, qty: l.qty })),
      payments: [{ method: 'cash', amount: tendered }],
    });
    dispatch({ type: 'clear' });
    setDone(r);
    setScanError(null);
    setDialog(null);
  };

  useHotkeys(
    [
      ['F9', openPay],
      ['F2', () => !dialog && setDialog({ search: '' })],
    ],
    [],
  );

  return (
    <Stack maw={1100} mx="auto">
      <Group align="flex-end" wrap="nowrap">
        <TextInput
          ref={scanRef}
          flex={1}
          label={t('sale.scanLabel')}
          placeholder={t('sale.scanPlaceholder')}
          data-testid="scan-input"
          autoComplete="off"
          autoFocus
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              submitCode();
            } else if (e.key === 'Escape') setCode('');
          }}
          styles={{ input: { fontSize: 22 } }}
        />
        <Button variant="light" data-testid="open-search" onClick={() => setDialog({ search: code.trim() })} rightSection={<Kbd>F2</Kbd>}>
          {t('sale.search')}
        </Button>
      </Group>

      {scanError && (
        <div aria-live="assertive">
          <Text fw={600} data-testid="scan-error-code">
            {scanError.code}
          </Text>
          <ErrorAlert error={scanError.error} testId="scan-error" />
        </div>
      )}
      {done && (
        <Alert color="teal" variant="filled" data-testid="sale-done" data-number={done.number} aria-live="polite" withCloseButton onClose={() => (setDone(null), refocus())}>
          <Text size="lg" fw={600}>
            {t('sale.done', { number: done.number, change: f.money(done.change) })}
          </Text>
        </Alert>
      )}

      <Paper withBorder>
        <SaleLines lines={cart.lines} onQty={(productId, qty) => dispatch({ type: 'setQty', productId, qty })} onRemove={(productId) => dispatch({ type: 'remove', productId })} onDone={refocus} />
      </Paper>

      <Group justify="space-between">
        <Button variant="subtle" color="red" disabled={!cart.lines.length} onClick={() => (dispatch({ type: 'clear' }), refocus())}>
          {t('sale.clear')}
        </Button>
        <Group>
          <Text size="xl">{t('sale.total')}</Text>
          <Text size="32px" fw={700} data-testid="sale-total" data-amount={total}>
            {f.money(total)}
          </Text>
          <Button size="xl" data-testid="pay-cash" disabled={!cart.lines.length || pending > 0} onClick={openPay} rightSection={<Kbd>F9</Kbd>}>
            {t('sale.payCash')}
          </Button>
        </Group>
      </Group>

      {dialog === 'pay' && <PayDialog total={total} onPay={pay} onClose={() => setDialog(null)} />}
      {dialog && dialog !== 'pay' && (
        <ProductPicker
          initial={dialog.search}
          onClose={() => setDialog(null)}
          onPick={(p) => {
            add(p, 1000);
            setDialog(null);
          }}
        />
      )}
    </Stack>
  );
}

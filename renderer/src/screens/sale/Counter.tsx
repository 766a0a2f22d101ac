import { Alert, Button, Grid, Group, Kbd, Paper, Stack, Text } from '@mantine/core';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { PostResult, Shift, ShiftReport } from '../../api/types';
import { parseQty, qtyToInput } from '../../i18n/format';
import { ScannerStatus } from '../../scanner/ScannerStatus';
import { useScans } from '../../scanner/ScanProvider';
import { beep } from '../../scanner/beep';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { Loading } from '../../ui/Loading';
import { useStableCallback } from '../../ui/useStableCallback';
import { ShiftDialog } from '../shift/ShiftDialog';
import { CartLines, useCartTexts } from './CartLines';
import { CustomerPanel } from './CustomerPanel';
import { DiscountDialog } from './DiscountDialog';
import { DrawerDialog } from './DrawerDialog';
import { KeyHints, type DisabledWhen } from './KeyHints';
import { SaleStoreContext, selectedLine, useSaleState, useStoreSlice, type SaleState } from './saleStore';
import type { CounterAction } from './keys';
import { useCounterKeys } from './keys';
import { ParkDialog } from './ParkDialog';
import payCss from './PayButton.module.css';
import { PayDialog } from './PayDialog';
import { PrinterStatus } from './PrinterStatus';
import { ProductPicker } from './ProductPicker';
import { ReceiptDialog } from './ReceiptDialog';
import { ScanBar } from './ScanBar';
import { Totals, useTotalsText } from './Totals';
import { useSale } from './useSale';
import { ValueDialog } from './ValueDialog';
import { WebOrderDialog } from './WebOrderDialog';

type Dialog =
  null | 'pay' | 'qty' | 'price' | 'discount' | 'park' | 'drawer' | 'shift' | 'webOrder' | { search: string } | { receipt: PostResult };

/** The sale at the counter: scan, adjust, take payment; every key on screen, every scan caught wherever the focus is. */
export function Counter({ shift, onShiftClosed }: { shift: Shift; onShiftClosed(z: ShiftReport): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const totalsText = useTotalsText();
  const cartTexts = useCartTexts();
  const s = useSale();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [done, setDone] = useState<PostResult | null>(null);
  const scanRef = useRef<HTMLInputElement>(null);
  const phoneRef = useRef<HTMLInputElement>(null);
  const refocus = useCallback(() => requestAnimationFrame(() => scanRef.current?.focus()), []);
  const close = () => (setDialog(null), refocus());
  useEffect(() => {
    if (!dialog) refocus();
  }, [dialog, refocus]);

  const scan = useStableCallback((code: string) => {
    // The next customer's first item closes the last receipt; other dialogs must be finished first.
    if (dialog && typeof dialog === 'object' && 'receipt' in dialog) setDialog(null);
    else if (dialog || document.querySelector('[role="dialog"]')) {
      beep();
      return;
    }
    // Only when shown: a state update of this component, even to the same value, may render the whole screen.
    if (done) setDone(null);
    return s.scan(code);
  });
  useScans(scan);
  const search = useStableCallback((text: string) => setDialog({ search: text }));
  const attachCustomer = useStableCallback((phone: string | null) => s.customer(phone));
  const openShift = useCallback(() => setDialog('shift'), []);

  const act = useStableCallback((a: CounterAction) => {
    const { cart, selected } = s.current();
    if (!cart) return;
    const lines = cart.lines;
    const i = selected ? lines.indexOf(selected) : -1;
    if (a === 'up' || a === 'down') {
      const next = lines[Math.max(0, Math.min(lines.length - 1, i + (a === 'up' ? -1 : 1)))];
      if (next) s.select(next.id);
    } else if (a === 'search') setDialog({ search: '' });
    else if (a === 'customer') phoneRef.current?.focus();
    else if (a === 'remove') void (selected && s.remove(selected).then(refocus));
    else if (a === 'pay') {
      if (lines.length) setDialog('pay');
    } else if ((a === 'qty' || a === 'price') && !selected) return;
    else setDialog(a);
  });
  useCounterKeys(act);
  const pay = useCallback(() => act('pay'), [act]);
  // The screen itself re-renders when the cart appears and while a dialog is open (dialogs show the cart), not per scan.
  const loaded = useStoreSlice(s.store, (x) => x.cart !== undefined);
  const cart = useStoreSlice(s.store, (x) => (dialog ? x.cart : undefined));
  const selected = useStoreSlice(s.store, (x) => (dialog ? selectedLine(x) : null));

  if (!loaded) return s.query.isError ? <ErrorAlert error={s.query.error} testId="cart-error" /> : <Loading />;
  return (
    <SaleStoreContext.Provider value={s.store}>
      <Grid gap="md" maw={1400} mx="auto">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            <ScanBar inputRef={scanRef} onCode={scan} onSearch={search} />
            <ErrorAlert error={s.actionError} testId="action-error" />
            {done && (
              <Alert
                color="teal"
                variant="light"
                data-testid="sale-done"
                data-number={done.number}
                withCloseButton
                // Mantine's 20 px close button is under WCAG 2.2's 24 px target size.
                styles={{ closeButton: { width: 28, height: 28, minWidth: 28, minHeight: 28 } }}
                onClose={() => (setDone(null), refocus())}
              >
                <Group justify="space-between">
                  <Text fw={600}>{t('sale.done', { number: done.number, change: f.money(done.change) })}</Text>
                  <Button variant="subtle" data-testid="sale-done-receipt" onClick={() => setDialog({ receipt: done })}>
                    {t('receipt.show')}
                  </Button>
                </Group>
              </Alert>
            )}
            <Paper withBorder>
              <CartLines
                texts={cartTexts}
                onSelect={s.select}
                onQty={(l, q) => void s.bump(l, q).then(refocus)}
                onRemove={(l) => void s.remove(l).then(refocus)}
              />
            </Paper>
            <KeyHints onAction={act} disabledWhen={HINTS_DISABLED} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack>
            <Group justify="space-between">
              <Group gap="xs">
                <PrinterStatus />
                <ScannerStatus />
              </Group>
              <ShiftButton number={shift.number} onClick={openShift} />
            </Group>
            <Paper withBorder p="md">
              <CartCustomer inputRef={phoneRef} attach={attachCustomer} onDone={refocus} />
            </Paper>
            <Paper withBorder p="md">
              <CartTotals text={totalsText} />
            </Paper>
            <PayButton onClick={pay} />
          </Stack>
        </Grid.Col>

        {dialog === 'pay' && cart && (
          <PayDialog
            cart={cart}
            onClose={close}
            onPay={async (payments) => {
              const r = await s.pay(payments);
              setDone(r);
              setDialog({ receipt: r });
            }}
          />
        )}
        {dialog && typeof dialog === 'object' && 'receipt' in dialog && <ReceiptDialog sale={dialog.receipt} onClose={close} />}
        {dialog && typeof dialog === 'object' && 'search' in dialog && (
          <ProductPicker
            initial={dialog.search}
            onClose={close}
            onPick={(p) => {
              setDialog(null);
              // Weighed goods picked by hand need their weight typed next.
              void s.add(p).then((c) => c && p.unit !== 'pcs' && setDialog('qty'));
            }}
          />
        )}
        {dialog === 'qty' && selected && (
          <ValueDialog
            title={t('sale.qtyTitle', { name: selected.name })}
            label={t('sale.qtyIn', { unit: t(`units.${selected.unit}`) })}
            initial={qtyToInput(selected.qty)}
            parse={(v) => ((parseQty(v) ?? 0) > 0 ? parseQty(v) : null)}
            invalid={t('sale.qtyInvalid')}
            testId="qty"
            onClose={close}
            onSubmit={async (q) => (await s.setQty(selected, q)) && close()}
          />
        )}
        {dialog === 'price' && selected && (
          <ValueDialog
            title={t('sale.priceTitle', { name: selected.name })}
            label={t('sale.price')}
            initial={f.moneyInput(selected.price)}
            parse={f.parseMoney}
            invalid={t('pay.invalid')}
            testId="price"
            onClose={close}
            onSubmit={async (p) => (await s.setPrice(selected, p)) && close()}
          />
        )}
        {dialog === 'discount' && (
          <DiscountDialog line={selected} onClose={close} onSubmit={async (d) => (await s.discount(d)) && close()} />
        )}
        {dialog === 'park' && cart && <ParkDialog cart={cart} park={s.park} recall={s.recall} onClose={close} />}
        {dialog === 'drawer' && <DrawerDialog onClose={close} />}
        {dialog === 'webOrder' && (
          <WebOrderDialog
            onClose={close}
            onDone={(r) => {
              setDone(r);
              setDialog({ receipt: r });
            }}
          />
        )}
        {dialog === 'shift' && <ShiftDialog shift={shift} onClose={close} onClosed={onShiftClosed} />}
      </Grid>
    </SaleStoreContext.Provider>
  );
}

const ShiftButton = memo(function ShiftButton({ number, onClick }: { number: number; onClick(): void }) {
  const { t } = useTranslation();
  return (
    <Button variant="default" data-testid="shift-button" onClick={onClick} rightSection={<Kbd>F3</Kbd>}>
      {t('shift.button', { number })}
    </Button>
  );
});

/** The parts below subscribe to their own slice of the sale (saleStore.ts): a scan re-renders them, not the screen. */

/** What the keys have nothing to act on without: a selected line, or a line to pay for. */
const noSelection = (x: SaleState) => !selectedLine(x);
const noLines = (x: SaleState) => !x.cart?.lines.length;
const HINTS_DISABLED: DisabledWhen = { qty: noSelection, price: noSelection, remove: noSelection, pay: noLines };

/**
 * The pay key: a plain button (PayButton.module.css) whose label is one element per language, so the first scan of a
 * sale, which enables it, sets one attribute.
 */
const PayButton = memo(function PayButton({ onClick }: { onClick(): void }) {
  const { t } = useTranslation();
  const disabled = useSaleState(noLines);
  const label = useMemo(
    () => (
      <>
        {t('sale.pay')}
        <Kbd>F9</Kbd>
      </>
    ),
    [t],
  );
  return (
    <button type="button" className={payCss.pay} data-testid="pay" disabled={disabled} onClick={onClick}>
      {label}
    </button>
  );
});

function CartTotals({ text }: { text: ReturnType<typeof useTotalsText> }) {
  const cart = useSaleState((x) => x.cart);
  return cart ? <Totals cart={cart} text={text} /> : null;
}

function CartCustomer(props: {
  inputRef: RefObject<HTMLInputElement | null>;
  attach(phone: string | null): Promise<unknown>;
  onDone(): void;
}) {
  const customer = useSaleState((x) => x.cart?.customer ?? null);
  return <CustomerPanel customer={customer} {...props} />;
}

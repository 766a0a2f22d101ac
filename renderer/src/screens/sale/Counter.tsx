import { Alert, Button, Grid, Group, Kbd, Paper, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PostResult, Shift, ShiftReport } from '../../api/types';
import { parseQty, qtyToInput } from '../../i18n/format';
import { ScannerStatus } from '../../scanner/ScannerStatus';
import { useScans } from '../../scanner/ScanProvider';
import { beep } from '../../scanner/beep';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { Loading } from '../../ui/Loading';
import { ShiftDialog } from '../shift/ShiftDialog';
import { CartLines } from './CartLines';
import { CustomerPanel } from './CustomerPanel';
import { DiscountDialog } from './DiscountDialog';
import { DrawerDialog } from './DrawerDialog';
import { KeyHints } from './KeyHints';
import type { CounterAction } from './keys';
import { useCounterKeys } from './keys';
import { ParkDialog } from './ParkDialog';
import { PayDialog } from './PayDialog';
import { PrinterStatus } from './PrinterStatus';
import { ProductPicker } from './ProductPicker';
import { ReceiptDialog } from './ReceiptDialog';
import { ScanBar } from './ScanBar';
import { Totals } from './Totals';
import { useSale } from './useSale';
import { ValueDialog } from './ValueDialog';

type Dialog = null | 'pay' | 'qty' | 'price' | 'discount' | 'park' | 'drawer' | 'shift' | { search: string } | { receipt: PostResult };

/** The sale at the counter: scan, adjust, take payment; every key on screen, every scan caught wherever the focus is. */
export function Counter({ shift, onShiftClosed }: { shift: Shift; onShiftClosed(z: ShiftReport): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const s = useSale();
  const { cart, selected } = s;
  const [dialog, setDialog] = useState<Dialog>(null);
  const [done, setDone] = useState<PostResult | null>(null);
  const scanRef = useRef<HTMLInputElement>(null);
  const phoneRef = useRef<HTMLInputElement>(null);
  const refocus = useCallback(() => requestAnimationFrame(() => scanRef.current?.focus()), []);
  const close = () => (setDialog(null), refocus());
  useEffect(() => {
    if (!dialog) refocus();
  }, [dialog, refocus]);

  const scan = (code: string) => {
    // The next customer's first item closes the last receipt; other dialogs must be finished first.
    if (dialog && typeof dialog === 'object' && 'receipt' in dialog) setDialog(null);
    else if (dialog || document.querySelector('[role="dialog"]')) {
      beep();
      return;
    }
    setDone(null);
    void s.scan(code);
  };
  useScans(scan);

  const lines = cart?.lines ?? [];
  const act = (a: CounterAction) => {
    if (!cart) return;
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
  };
  useCounterKeys(act);

  if (!cart) return s.query.isError ? <ErrorAlert error={s.query.error} testId="cart-error" /> : <Loading />;
  return (
    <Grid gap="md" maw={1400} mx="auto">
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Stack>
          <ScanBar inputRef={scanRef} message={s.scanMsg} onCode={scan} onSearch={(text) => setDialog({ search: text })} />
          <ErrorAlert error={s.actionError} testId="action-error" />
          {done && (
            <Alert color="teal" variant="light" data-testid="sale-done" data-number={done.number} withCloseButton onClose={() => (setDone(null), refocus())}>
              <Group justify="space-between">
                <Text fw={600}>{t('sale.done', { number: done.number, change: f.money(done.change) })}</Text>
                <Button variant="subtle" data-testid="sale-done-receipt" onClick={() => setDialog({ receipt: done })}>
                  {t('receipt.show')}
                </Button>
              </Group>
            </Alert>
          )}
          <Paper withBorder>
            <CartLines lines={lines} selectedId={selected?.id ?? null} onSelect={s.select} onQty={(l, q) => void s.bump(l, q).then(refocus)} onRemove={(l) => void s.remove(l).then(refocus)} />
          </Paper>
          <KeyHints onAction={act} disabled={{ qty: !selected, price: !selected, remove: !selected, pay: !lines.length }} />
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Stack>
          <Group justify="space-between">
            <Group gap="xs">
              <PrinterStatus />
              <ScannerStatus />
            </Group>
            <Button variant="default" data-testid="shift-button" onClick={() => setDialog('shift')} rightSection={<Kbd>F3</Kbd>}>
              {t('shift.button', { number: shift.number })}
            </Button>
          </Group>
          <Paper withBorder p="md">
            <CustomerPanel cart={cart} inputRef={phoneRef} attach={s.customer} onDone={refocus} />
          </Paper>
          <Paper withBorder p="md">
            <Totals cart={cart} />
          </Paper>
          <Button size="xl" data-testid="pay" disabled={!lines.length} onClick={() => act('pay')} rightSection={<Kbd>F9</Kbd>}>
            {t('sale.pay')}
          </Button>
        </Stack>
      </Grid.Col>

      {dialog === 'pay' && (
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
      {dialog === 'discount' && <DiscountDialog line={selected} onClose={close} onSubmit={async (d) => (await s.discount(d)) && close()} />}
      {dialog === 'park' && <ParkDialog cart={cart} park={s.park} recall={s.recall} onClose={close} />}
      {dialog === 'drawer' && <DrawerDialog onClose={close} />}
      {dialog === 'shift' && <ShiftDialog shift={shift} onClose={close} onClosed={onShiftClosed} />}
    </Grid>
  );
}

import { Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/client';
import type { PostResult, Product } from '../../api/types';
import { parseQty, qtyToInput } from '../../i18n/format';
import { useWithApproval } from '../../ui/approval/ApprovalProvider';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { newUuid } from '../../ui/uuid';
import { ProductPicker } from '../sale/ProductPicker';

/** A return with no receipt to show: one product, quantity, price and a reason; it needs return.no_receipt or a manager. */
export function NoReceiptReturn({ onDone, onCancel }: { onDone(r: PostResult): void; onCancel(): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const withApproval = useWithApproval();
  const [product, setProduct] = useState<Product | null>(null);
  const [picking, setPicking] = useState(true);
  const [qtyText, setQtyText] = useState('1');
  const [priceText, setPriceText] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [uuid] = useState(newUuid);
  const qty = parseQty(qtyText);
  const price = f.parseMoney(priceText);
  const valid = product && qty && price !== null && reason.trim();

  const post = async () => {
    if (!valid || busy) return;
    setBusy(true);
    setError(null);
    try {
      const lines = [{ productId: product.id, qty, price }];
      const r = await withApproval(t('approval.noReceipt'), (approval) =>
        request('return.post', { kind: 'no_receipt', uuid, lines, reason: reason.trim(), approval }),
      );
      if (r) return onDone(r);
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };

  return (
    <Paper withBorder p="md" data-testid="no-receipt-form">
      <Stack>
        <Group justify="space-between">
          <Text fw={600}>{product ? product.name : t('returns.pickProduct')}</Text>
          <Button variant="default" onClick={() => setPicking(true)} data-testid="no-receipt-pick">
            {t('returns.pickProduct')}
          </Button>
        </Group>
        <Group grow>
          <TextInput
            label={t('sale.qty')}
            inputMode="decimal"
            data-testid="no-receipt-qty"
            value={qtyText}
            onChange={(e) => setQtyText(e.currentTarget.value)}
            error={qtyText && !qty ? t('sale.qtyInvalid') : null}
          />
          <TextInput
            label={t('sale.price')}
            inputMode="decimal"
            data-testid="no-receipt-price"
            value={priceText}
            onChange={(e) => setPriceText(e.currentTarget.value)}
            error={priceText && price === null ? t('pay.invalid') : null}
          />
        </Group>
        <TextInput
          label={t('returns.reason')}
          data-testid="no-receipt-reason"
          value={reason}
          maxLength={200}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        <ErrorAlert error={error} testId="no-receipt-error" />
        <Group grow>
          <Button variant="default" onClick={onCancel} disabled={busy}>
            {t('app.cancel')}
          </Button>
          <Button color="orange" loading={busy} disabled={!valid} data-testid="no-receipt-post" onClick={() => void post()}>
            {t('returns.post')}
          </Button>
        </Group>
      </Stack>
      {picking && (
        <ProductPicker
          initial=""
          onClose={() => setPicking(false)}
          onPick={(p) => {
            setProduct(p);
            setPriceText(f.moneyInput(p.price));
            setQtyText(qtyToInput(1000));
            setPicking(false);
          }}
        />
      )}
    </Paper>
  );
}

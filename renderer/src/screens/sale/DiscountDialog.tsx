import { SegmentedControl } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CartLine } from '../../api/types';
import { parseDecimal } from '../../i18n/format';
import { useFormat } from '../../ui/format';
import { ValueDialog } from './ValueDialog';
import { segmentTouch } from '../../ui/touch';

export interface DiscountInput {
  lineId?: number;
  percentBp?: number;
  amount?: number;
}

interface Props {
  line: CartLine | null;
  onSubmit(d: DiscountInput): Promise<unknown>;
  onClose(): void;
}

/** A percent or an amount off the selected line or the whole receipt; above the cashier's limit a manager approves. */
export function DiscountDialog({ line, onSubmit, onClose }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const [target, setTarget] = useState<'line' | 'receipt'>(line ? 'line' : 'receipt');
  const [mode, setMode] = useState<'percent' | 'amount'>('percent');
  const parse = (s: string) => {
    const v = mode === 'percent' ? parseDecimal(s, 2) : f.parseMoney(s);
    return v !== null && (mode === 'amount' || v <= 10000) ? v : null;
  };
  return (
    <ValueDialog
      key={mode}
      title={target === 'line' && line ? t('discount.lineTitle', { name: line.name }) : t('discount.receiptTitle')}
      label={mode === 'percent' ? t('discount.percent') : t('discount.amount')}
      initial=""
      parse={parse}
      invalid={t('discount.invalid')}
      testId="discount"
      onClose={onClose}
      onSubmit={(v) =>
        onSubmit({ lineId: target === 'line' && line ? line.id : undefined, ...(mode === 'percent' ? { percentBp: v } : { amount: v }) })
      }
    >
      {line && (
        <SegmentedControl
          styles={segmentTouch}
          data-testid="discount-target"
          value={target}
          onChange={(v) => setTarget(v as 'line' | 'receipt')}
          data={[
            { value: 'line', label: t('discount.toLine') },
            { value: 'receipt', label: t('discount.toReceipt') },
          ]}
        />
      )}
      <SegmentedControl
        styles={segmentTouch}
        data-testid="discount-mode"
        value={mode}
        onChange={(v) => setMode(v as 'percent' | 'amount')}
        data={[
          { value: 'percent', label: '%' },
          { value: 'amount', label: t('discount.money') },
        ]}
      />
    </ValueDialog>
  );
}

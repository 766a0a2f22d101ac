import { Button, Group, Kbd, Text, TextInput } from '@mantine/core';
import { memo, useMemo, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { filler, slot } from '../../i18n/fill';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { useSaleState } from './saleStore';
import css from './ScanBar.module.css';

/** GS (0x1D) in GS1 codes is invisible; show it as a symbol. */
const visible = (code: string) => code.replaceAll(String.fromCharCode(0x1d), '␝');

interface Props {
  inputRef: RefObject<HTMLInputElement | null>;
  onCode(code: string): void;
  onSearch(text: string): void;
}

/**
 * The scan field: a typed barcode (digits) is scanned, anything else opens the product search with that text.
 * Uncontrolled: a wedge scanner types a dozen characters in ~50 ms, and none of them needs a React render.
 */
export const ScanBar = memo(function ScanBar({ inputRef, onCode, onSearch }: Props) {
  const { t } = useTranslation();
  const messageText = useMessageText();
  const text = () => inputRef.current?.value.trim() ?? '';
  const clear = () => {
    if (inputRef.current) inputRef.current.value = '';
  };
  const submit = () => {
    const value = text();
    // Cleared either way: a code that failed must not prefix the next one.
    clear();
    if (!value) return;
    if (/^\d+$/.test(value)) onCode(value);
    else onSearch(value);
  };
  return (
    <>
      <Group align="flex-end" wrap="nowrap">
        <TextInput
          ref={inputRef}
          flex={1}
          label={t('sale.scanLabel')}
          placeholder={t('sale.scanPlaceholder')}
          data-testid="scan-input"
          data-scan-field
          autoComplete="off"
          autoFocus
          defaultValue=""
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              submit();
            } else if (e.key === 'Escape') clear();
          }}
          classNames={{ input: css.input }}
        />
        <Button variant="light" data-testid="open-search" onClick={() => onSearch(text())} rightSection={<Kbd>F2</Kbd>}>
          {t('sale.search')}
        </Button>
      </Group>
      <ScanMessageView text={messageText} />
    </>
  );
});

/**
 * The messages, translated once per language and filled in per scan (i18n/fill.ts), made by the bar (which a scan
 * does not re-render) so the message's own render calls no translation hook.
 */
function useMessageText() {
  const { t } = useTranslation();
  const f = useFormat();
  return useMemo(
    () => ({
      f,
      added: filler(t('sale.added', { name: slot(0) })),
      belowZero: filler(t('sale.belowZero', { name: slot(0), onHand: slot(1), inCart: slot(2) })),
    }),
    [t, f],
  );
}

/** The last scan's outcome, under the field: the only part of the bar a scan re-renders. */
const ScanMessageView = memo(function ScanMessageView({ text }: { text: ReturnType<typeof useMessageText> }) {
  const { f } = text;
  const message = useSaleState((x) => x.scanMsg);
  // One slot of a fixed least height, message or not: a scan's answer never changes the screen's height (the cart
  // lines' box is sized to what is left, CartLines.module.css).
  return (
    <div className={css.slot}>
      {message && !message.ok && (
        <div aria-live="assertive" data-testid="scan-message" data-ok="false">
          <Text fw={600} data-testid="scan-error-code">
            {visible(message.code)}
          </Text>
          <ErrorAlert error={message.error} testId="scan-error" />
        </div>
      )}
      {message?.ok && !message.short && (
        <div className={css.added} aria-live="polite" data-testid="scan-message" data-ok="true">
          {text.added(message.name)}
        </div>
      )}
      {message?.ok && message.short && (
        <div className={css.short} role="alert" data-testid="scan-message" data-ok="true" data-short={message.short.productId}>
          {text.belowZero(message.name, f.qty(message.short.onHand, message.short.unit), f.qty(message.short.inCart, message.short.unit))}
        </div>
      )}
    </div>
  );
});

import { Button, Group, Kbd, Text, TextInput } from '@mantine/core';
import { useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/ErrorAlert';
import type { ScanMessage } from './useSale';

/** GS (0x1D) in GS1 codes is invisible; show it as a symbol. */
const visible = (code: string) => code.replaceAll(String.fromCharCode(0x1d), '␝');

interface Props {
  inputRef: RefObject<HTMLInputElement | null>;
  message: ScanMessage | null;
  onCode(code: string): void;
  onSearch(text: string): void;
}

/** The scan field: a typed barcode (digits) is scanned, anything else opens the product search with that text. */
export function ScanBar({ inputRef, message, onCode, onSearch }: Props) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const submit = () => {
    const value = code.trim();
    // Cleared either way: a code that failed must not prefix the next one.
    setCode('');
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
          autoComplete="off"
          autoFocus
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              submit();
            } else if (e.key === 'Escape') setCode('');
          }}
          styles={{ input: { fontSize: 22 } }}
        />
        <Button variant="light" data-testid="open-search" onClick={() => onSearch(code.trim())} rightSection={<Kbd>F2</Kbd>}>
          {t('sale.search')}
        </Button>
      </Group>
      {message && !message.ok && (
        <div aria-live="assertive" data-testid="scan-message" data-ok="false">
          <Text fw={600} data-testid="scan-error-code">
            {visible(message.code)}
          </Text>
          <ErrorAlert error={message.error} testId="scan-error" />
        </div>
      )}
      {message?.ok && (
        <Text c="teal" aria-live="polite" data-testid="scan-message" data-ok="true">
          {t('sale.added', { name: message.name })}
        </Text>
      )}
    </>
  );
}

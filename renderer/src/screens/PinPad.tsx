import { Button, SimpleGrid } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'back'] as const;

/** On-screen digits for touch tills; mouse-down is swallowed so the PIN field keeps the keyboard focus. */
export function PinPad({
  onDigit,
  onClear,
  onBack,
  disabled,
}: {
  onDigit(d: string): void;
  onClear(): void;
  onBack(): void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={3} spacing="xs">
      {KEYS.map((k) => (
        <Button
          key={k}
          size="xl"
          variant={k.length === 1 ? 'default' : 'subtle'}
          tabIndex={-1}
          disabled={disabled}
          aria-label={k === 'clear' ? t('login.clear') : k === 'back' ? t('login.backspace') : k}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => (k === 'clear' ? onClear() : k === 'back' ? onBack() : onDigit(k))}
        >
          {k === 'clear' ? 'C' : k === 'back' ? '⌫' : k}
        </Button>
      ))}
    </SimpleGrid>
  );
}

import { Group, Kbd, Text, UnstyledButton } from '@mantine/core';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { COUNTER_KEYS, type CounterAction } from './keys';

/** The F-keys on screen, each also a touch target doing the same thing. */
export const KeyHints = memo(function KeyHints({
  onAction,
  disabled,
}: {
  onAction(a: CounterAction): void;
  disabled: Partial<Record<CounterAction, boolean>>;
}) {
  const { t } = useTranslation();
  return (
    <Group gap={6} data-testid="key-hints" wrap="wrap">
      {COUNTER_KEYS.map(([key, action]) => (
        <UnstyledButton
          key={key}
          data-testid={`key-${action}`}
          disabled={disabled[action]}
          onClick={() => onAction(action)}
          onMouseDown={(e) => e.preventDefault()}
          px="xs"
          mih={44}
          style={{
            display: 'flex',
            alignItems: 'center',
            gap: 6,
            borderRadius: 6,
            border: '1px solid var(--mantine-color-default-border)',
            opacity: disabled[action] ? 0.45 : 1,
          }}
        >
          <Kbd>{key === 'Delete' ? 'Del' : key}</Kbd>
          <Text size="sm">{t(`keys.${action}`)}</Text>
        </UnstyledButton>
      ))}
    </Group>
  );
});

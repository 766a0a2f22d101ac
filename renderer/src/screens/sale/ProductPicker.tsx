import { Group, Modal, ScrollArea, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks';
import type { Product } from '../../api/types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';

/** Pick a product by name for goods without a readable barcode. Arrows move, Enter picks. */
export function ProductPicker({ initial, onPick, onClose }: { initial: string; onPick(p: Product): void; onClose(): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [q, setQ] = useState(initial);
  const [debounced] = useDebouncedValue(q.trim(), 200);
  const [active, setActive] = useState(0);
  const found = useApiQuery('catalog.search', { q: debounced, limit: 30 }, { placeholderData: (prev) => prev });
  const items = (found.data ?? []).filter((p) => p.active);

  const move = (d: number) => setActive((i) => Math.max(0, Math.min(items.length - 1, i + d)));

  return (
    <Modal opened onClose={onClose} title={t('picker.title')} size="lg">
      <Stack>
        <TextInput
          data-autofocus
          data-testid="picker-search"
          placeholder={t('picker.placeholder')}
          aria-label={t('picker.placeholder')}
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') move(1);
            else if (e.key === 'ArrowUp') move(-1);
            else if (e.key === 'Enter' && items[active]) onPick(items[active]);
            else return;
            e.preventDefault();
          }}
        />
        <ErrorAlert error={found.error} />
        {found.isSuccess && !items.length && <Text c="dimmed">{t('picker.noResults')}</Text>}
        <ScrollArea.Autosize mah={420}>
          <Stack gap={4} role="listbox" aria-label={t('picker.title')}>
            {items.map((p, i) => (
              <UnstyledButton
                key={p.id}
                role="option"
                aria-selected={i === active}
                data-testid={`picker-item-${p.id}`}
                onClick={() => onPick(p)}
                onMouseEnter={() => setActive(i)}
                p="sm"
                mih={52}
                style={{ borderRadius: 8, background: i === active ? 'var(--mantine-color-teal-light)' : undefined }}
              >
                <Group justify="space-between" wrap="nowrap">
                  <div>
                    <Text fw={500}>{p.name}</Text>
                    <Text size="xs" c="dimmed">
                      {p.sku} · {t('picker.onHand', { qty: f.qty(p.onHand, p.unit) })}
                    </Text>
                  </div>
                  <Text fw={600}>{f.money(p.price)}</Text>
                </Group>
              </UnstyledButton>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      </Stack>
    </Modal>
  );
}

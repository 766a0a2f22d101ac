import { Group, Modal, Stack, Text, UnstyledButton } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Product } from '../../api/types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { SearchField, useProductSearch } from '../../ui/search/SearchField';

const ROW = 56;
const LIMIT = 200;

/**
 * Pick a product by name, SKU or barcode prefix (the core's FTS search), searched as the user types (SearchField);
 * only the visible rows are rendered, so a big catalog stays quick. Arrows move, Enter picks.
 */
export function ProductPicker({ initial, onPick, onClose }: { initial: string; onPick(p: Product): void; onClose(): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [q, setQ] = useState(initial);
  const [searched, setSearched] = useState(initial.trim());
  const [active, setActive] = useState(0);
  const found = useProductSearch(searched, LIMIT);
  const items = (found.data ?? []).filter((p) => p.active);
  // Enter pressed before the search caught up with the typing: pick once the answer for what was typed is in.
  const [enterPending, setEnterPending] = useState(false);
  const current = searched === q.trim() && found.isSuccess && !found.isPlaceholderData && !found.isFetching;
  useEffect(() => {
    if (!enterPending || !current) return;
    setEnterPending(false);
    if (items[0]) onPick(items[0]);
  }, [enterPending, current, items, onPick]);
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler in this build, and the virtualizer re-renders its host itself.
  const virtual = useVirtualizer({ count: items.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW, overscan: 8 });

  const move = (d: number) => {
    const next = Math.max(0, Math.min(items.length - 1, active + d));
    setActive(next);
    virtual.scrollToIndex(next, { align: 'auto' });
  };

  return (
    <Modal opened onClose={onClose} title={t('picker.title')} size="lg">
      <Stack>
        <SearchField
          data-autofocus
          data-testid="picker-search"
          placeholder={t('picker.placeholder')}
          aria-label={t('picker.placeholder')}
          initial={initial}
          onTyping={(v) => (setQ(v), setActive(0), setEnterPending(false))}
          onSearch={setSearched}
          onMove={move}
          onEnter={() => {
            if (current && items[active]) onPick(items[active]);
            else if (!current) setEnterPending(true);
          }}
        />
        <ErrorAlert error={found.error} />
        {found.isSuccess && !items.length && <Text c="dimmed">{t('picker.noResults')}</Text>}
        <div ref={scrollRef} style={{ height: Math.min(420, Math.max(ROW, items.length * ROW)), overflowY: 'auto' }}>
          <div role="listbox" aria-label={t('picker.title')} style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {virtual.getVirtualItems().map((row) => {
              const p = items[row.index]!;
              const on = row.index === active;
              return (
                <UnstyledButton
                  key={p.id}
                  role="option"
                  aria-selected={on}
                  data-testid={`picker-item-${p.id}`}
                  onClick={() => onPick(p)}
                  onMouseEnter={() => setActive(row.index)}
                  px="sm"
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    right: 0,
                    height: ROW,
                    transform: `translateY(${row.start}px)`,
                    borderRadius: 8,
                    background: on ? 'var(--mantine-color-teal-light)' : undefined,
                  }}
                >
                  <Group justify="space-between" wrap="nowrap" h="100%">
                    <div style={{ minWidth: 0 }}>
                      <Text fw={500} truncate>
                        {p.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {p.sku} · {t('picker.onHand', { qty: f.qty(p.onHand, p.unit) })}
                      </Text>
                    </div>
                    <Text fw={600}>{f.money(p.price)}</Text>
                  </Group>
                </UnstyledButton>
              );
            })}
          </div>
        </div>
      </Stack>
    </Modal>
  );
}

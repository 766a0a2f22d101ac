import { Badge } from '@mantine/core';
import { memo, useLayoutEffect, useMemo, useRef, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { CartLine } from '../../api/types';
import { filler, slot } from '../../i18n/fill';
import { useFormat } from '../../ui/format';
import css from './CartLines.module.css';
import { selectedLine, useSaleState } from './saleStore';

const NO_LINES: CartLine[] = [];

interface Props {
  /** From the screen, which a scan does not re-render (useCartTexts). */
  texts: RowTexts;
  onSelect(id: number): void;
  onQty(line: CartLine, qty: number): void;
  onRemove(line: CartLine): void;
}

/** The sale's lines; the selected one (arrows, click) is what F4/F5/F6/Del act on. */
export function CartLines({ texts, onSelect, onQty, onRemove }: Props) {
  const lines = useSaleState((x) => x.cart?.lines ?? NO_LINES);
  const selectedId = useSaleState((x) => selectedLine(x)?.id ?? null);
  const selectedRow = useRef<HTMLDivElement>(null);
  // Rows read the newest handlers at click time, so a row can skip re-rendering without keeping stale closures.
  // Layout effects here: a passive effect in a scan's render has React schedule a task before the line's frame.
  const handlers = useRef<Handlers>({ onSelect, onQty, onRemove });
  useLayoutEffect(() => {
    handlers.current = { onSelect, onQty, onRemove };
  });
  const scroller = useRef<HTMLDivElement>(null);
  // Whether the box shows its end (the newest line): kept from its scroll events, since asking in the effect below
  // would lay the page out inside the scan's answer. A reversed column's scrollTop is 0 at the end, negative above it.
  const atEnd = useRef(true);
  useLayoutEffect(() => {
    const root = scroller.current;
    if (!root) return;
    const onScroll = () => (atEnd.current = root.scrollTop > -1);
    root.addEventListener('scroll', onScroll, { passive: true });
    return () => root.removeEventListener('scroll', onScroll);
  }, []);
  useLayoutEffect(() => {
    // The newest line needs no scrolling while the box shows its end: it keeps its bottom in view (see .scroller).
    // Any other selected line (arrows, a scan that adds to an older line, the cashier scrolled up) is scrolled to
    // once the frame showing it has been laid out: asking the browser now would lay the page out inside the scan's
    // answer, ahead of the frame that paints it.
    const row = selectedRow.current;
    const root = scroller.current;
    if (!row || !root) return;
    if (atEnd.current && selectedId === lines.at(-1)?.id) return;
    const seen = new IntersectionObserver(
      ([e]) => {
        seen.disconnect();
        if (!e?.rootBounds) return;
        // The sticky column titles cover the box's top: a line under them is not in view either.
        const head = root.querySelector<HTMLElement>('[data-cart-head]')?.offsetHeight ?? 0;
        if (e.intersectionRatio === 1 && e.boundingClientRect.top >= e.rootBounds.top + head) return;
        root.style.scrollPaddingTop = `${head}px`;
        // Newer Chromium returns a promise from scrollIntoView; nothing waits for it.
        void row.scrollIntoView({ block: 'nearest' });
      },
      { root, threshold: 1 },
    );
    seen.observe(row);
    return () => seen.disconnect();
  }, [selectedId, lines]);

  return (
    <div ref={scroller} className={css.scroller} data-testid="sale-lines" role="table" aria-label={texts.label}>
      <CartHead />
      {lines.length ? (
        <div role="rowgroup" className={css.rows}>
          {lines.map((l) => (
            <CartRow key={l.id} line={l} selected={l.id === selectedId} selectedRow={selectedRow} handlers={handlers} texts={texts} />
          ))}
        </div>
      ) : (
        <div data-testid="sale-empty" className={`${css.rows} ${css.empty}`}>
          {texts.empty}
        </div>
      )}
    </div>
  );
}

type Handlers = Pick<Props, 'onSelect' | 'onQty' | 'onRemove'>;

/**
 * What the lines print, made once per language for all of them by the screen (which a scan does not re-render): a
 * scan renders a row or two, and each useTranslation and t() call costs (i18next resolves and interpolates every
 * time). Texts with a value in them are filled in (i18n/fill.ts): a scan's new line names a product not seen yet.
 */
export function useCartTexts() {
  const { t } = useTranslation();
  const f = useFormat();
  return useMemo(() => {
    const priceChanged = filler(t('sale.priceChanged', { price: slot(0) }));
    return {
      f,
      label: t('sale.lines'),
      empty: t('sale.empty'),
      decrease: t('sale.decrease'),
      increase: t('sale.increase'),
      remove: filler(t('sale.remove', { name: slot(0) })),
      priceChanged: (catalogPrice: number) => priceChanged(f.money(catalogPrice)),
    };
  }, [t, f]);
}
type RowTexts = ReturnType<typeof useCartTexts>;

interface RowProps {
  line: CartLine;
  selected: boolean;
  selectedRow: RefObject<HTMLDivElement | null>;
  handlers: RefObject<Handlers>;
  texts: RowTexts;
}

const sameLine = (a: CartLine, b: CartLine) =>
  a.id === b.id &&
  a.qty === b.qty &&
  a.price === b.price &&
  a.catalogPrice === b.catalogPrice &&
  a.discount === b.discount &&
  a.amount === b.amount &&
  a.name === b.name &&
  a.unit === b.unit;

/**
 * One line. A scan changes one line (or adds one), so the others skip re-rendering: the cart comes back from the
 * server as new objects each time, hence the comparison by value.
 */
const CartRow = memo(
  function CartRow({ line: l, selected, selectedRow, handlers, texts }: RowProps) {
    const { f } = texts;
    const step = l.unit === 'pcs' ? 1000 : 0;
    return (
      <div
        ref={selected ? selectedRow : undefined}
        role="row"
        className={css.row}
        data-testid="sale-line"
        data-line-id={l.id}
        data-product-id={l.productId}
        data-qty={l.qty}
        data-price={l.price}
        data-amount={l.amount}
        data-selected={selected || undefined}
        aria-selected={selected}
        onClick={() => handlers.current.onSelect(l.id)}
      >
        <div role="cell" className={css.cell}>
          <div className={css.name}>{l.name}</div>
          {l.price !== l.catalogPrice && (
            <Badge size="sm" variant="light" color="orange" data-testid="line-price-changed">
              {texts.priceChanged(l.catalogPrice)}
            </Badge>
          )}
        </div>
        <div role="cell" className={`${css.cell} ${css.qty}`}>
          {step > 0 && (
            <button
              type="button"
              className={css.step}
              aria-label={texts.decrease}
              data-testid="line-dec"
              disabled={l.qty <= step}
              onClick={(e) => (e.stopPropagation(), handlers.current.onQty(l, l.qty - step))}
            >
              −
            </button>
          )}
          <span className={css.qtyText} data-testid="line-qty-text">
            {f.qty(l.qty, l.unit)}
          </span>
          {step > 0 && (
            <button
              type="button"
              className={css.step}
              aria-label={texts.increase}
              data-testid="line-inc"
              onClick={(e) => (e.stopPropagation(), handlers.current.onQty(l, l.qty + step))}
            >
              +
            </button>
          )}
        </div>
        <div role="cell" className={`${css.cell} ${css.num}`}>
          {f.money(l.price)}
        </div>
        <div role="cell" className={`${css.cell} ${css.num}`} data-testid="line-discount" data-amount={l.discount}>
          {l.discount ? `−${f.money(l.discount)}` : ''}
        </div>
        <div role="cell" className={`${css.cell} ${css.amount}`} data-testid="line-amount">
          {f.money(l.amount)}
        </div>
        <div role="cell" className={css.cell}>
          <button
            type="button"
            className={css.remove}
            aria-label={texts.remove(l.name)}
            data-testid="line-remove"
            onClick={(e) => (e.stopPropagation(), handlers.current.onRemove(l))}
          >
            ✕
          </button>
        </div>
      </div>
    );
  },
  (a, b) => a.selected === b.selected && a.texts === b.texts && sameLine(a.line, b.line),
);

/** The column titles: the same for every scan, so rendered once. */
const CartHead = memo(function CartHead() {
  const { t } = useTranslation();
  return (
    <div role="row" className={css.head} data-cart-head>
      <div role="columnheader" className={css.cell}>
        {t('sale.product')}
      </div>
      <div role="columnheader" className={css.cell}>
        {t('sale.qty')}
      </div>
      <div role="columnheader" className={`${css.cell} ${css.num}`}>
        {t('sale.price')}
      </div>
      <div role="columnheader" className={`${css.cell} ${css.num}`}>
        {t('sale.discount')}
      </div>
      <div role="columnheader" className={`${css.cell} ${css.num}`}>
        {t('sale.amount')}
      </div>
      <div role="columnheader" className={css.cell} />
    </div>
  );
});

// Which rows of a fixed-height list are in view, and where each goes: arithmetic on the scroll position, so a list of a
// million rows costs what one of a hundred does.

export const ROW_HEIGHT = 48;
/**
 * Tallest the rows' box gets, in px. Chromium cannot lay out an element much taller than 33.5M px (1M rows × 48 px is
 * 48M); past the cap the box stays this tall and the scroll position maps linearly onto the rows.
 */
export const SCROLL_CAP = 8_000_000;

export interface Viewport {
  count: number;
  /** The scroll region's scrollTop. */
  scrollTop: number;
  /** Height the rows have in view (the region's client height less the sticky header). */
  height: number;
}

function scale(v: Viewport) {
  const total = v.count * ROW_HEIGHT;
  const height = Math.min(total, SCROLL_CAP);
  const scaled = total > SCROLL_CAP;
  // Scroll px to row px: the last scroll position shows the last rows.
  const ratio = scaled ? (total - v.height) / (height - v.height) : 1;
  return { height, scaled, ratio, maxTop: Math.max(0, height - v.height) };
}

export interface RowsInView {
  /** The rows' box height (scrollable height). */
  height: number;
  scaled: boolean;
  /** Offset in row px (index × ROW_HEIGHT) at the top of the view. */
  offset: number;
  firstVisible: number;
  /** -1 when there are no rows. */
  lastVisible: number;
  /** The rows to render: those visible and `overscan` either side. */
  first: number;
  last: number;
  /** Where row i goes in the rows' box, px. */
  topOf(i: number): number;
}

export function rowsInView(v: Viewport, overscan: number): RowsInView {
  const { height, scaled, ratio, maxTop } = scale(v);
  const top = Math.min(Math.max(0, v.scrollTop), maxTop);
  const offset = top * ratio;
  const last = v.count - 1;
  const firstVisible = Math.max(0, Math.min(last, Math.floor(offset / ROW_HEIGHT)));
  const lastVisible = v.count ? Math.min(last, Math.max(firstVisible, Math.ceil((offset + v.height) / ROW_HEIGHT) - 1)) : -1;
  return {
    height,
    scaled,
    offset,
    firstVisible,
    lastVisible,
    first: Math.max(0, firstVisible - overscan),
    last: Math.min(last, lastVisible + overscan),
    // Relative to the view: unscaled this is i × ROW_HEIGHT; scaled, the rows near the view sit where they belong.
    topOf: (i) => top + i * ROW_HEIGHT - offset,
  };
}

/** The scrollTop that puts row `index` at the top or at the bottom edge of the view. */
export function scrollTopFor(v: Viewport, index: number, align: 'top' | 'bottom'): number {
  const { ratio, maxTop } = scale(v);
  const offset = align === 'top' ? index * ROW_HEIGHT : (index + 1) * ROW_HEIGHT - v.height;
  // Rounded up: a scaled list's scroll px is several row px, and the row must not end up just above the view.
  return Math.min(maxTop, Math.max(0, Math.ceil(offset / ratio)));
}

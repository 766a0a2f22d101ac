import { AppError } from '../errors';

/** Sizes in millimetres. */
export interface Size {
  width: number;
  height: number;
}

/**
 * Where labels sit on a page: `columns` x `rows` labels of `label` size, the first one `margin` from the page's
 * top-left corner, `gap` between neighbours. A single tag is a 1 x 1 layout whose page is the tag.
 */
export interface LabelLayout {
  page: Size;
  columns: number;
  rows: number;
  label: Size;
  margin: { top: number; left: number };
  gap: { x: number; y: number };
  /** Blank border inside each label: sheet printers cannot print to the edge, die-cut labels shift a little. */
  padding: number;
  /** label: name, price, barcode on a sticker. shelf: a price tag, the price large. */
  design: 'label' | 'shelf';
  /** Thin cut lines round each label, for tags printed on plain paper. */
  outline: boolean;
}

const A4: Size = { width: 210, height: 297 };

/**
 * The usual sheets and tags. A4 stickers: 3 x 8 of 70 x 37 mm and 4 x 10 of 48.5 x 25.4 mm (die-cut sheets of
 * those sizes are sold everywhere). Shelf tags come two ways from the same design: on an office printer, 3 x 6
 * tags of 65 x 45 mm on plain A4 with cut lines; on a label printer, one 58 x 40 mm tag a page, the page being the
 * tag, so the driver neither scales nor places it.
 */
export const LABEL_PRESETS = {
  'a4-3x8': {
    page: A4,
    columns: 3,
    rows: 8,
    label: { width: 70, height: 37 },
    margin: { top: 0.5, left: 0 },
    gap: { x: 0, y: 0 },
    padding: 3,
    design: 'label',
    outline: false,
  },
  'a4-4x10': {
    page: A4,
    columns: 4,
    rows: 10,
    label: { width: 48.5, height: 25.4 },
    margin: { top: 21.5, left: 8 },
    gap: { x: 0, y: 0 },
    padding: 1.5,
    design: 'label',
    outline: false,
  },
  'a4-shelf-3x6': {
    page: A4,
    columns: 3,
    rows: 6,
    label: { width: 65, height: 45 },
    margin: { top: 13.5, left: 7.5 },
    gap: { x: 0, y: 0 },
    padding: 2.5,
    design: 'shelf',
    outline: true,
  },
  'tag-58x40': {
    page: { width: 58, height: 40 },
    columns: 1,
    rows: 1,
    label: { width: 58, height: 40 },
    margin: { top: 0, left: 0 },
    gap: { x: 0, y: 0 },
    padding: 2,
    design: 'shelf',
    outline: false,
  },
} as const satisfies Record<string, LabelLayout>;

export type LabelPreset = keyof typeof LABEL_PRESETS;

/** Top-left corner (mm) of the label in slot `i` of a page, row by row. */
export function slotOrigin(l: LabelLayout, i: number): { x: number; y: number } {
  const col = i % l.columns;
  const row = Math.floor(i / l.columns);
  return { x: l.margin.left + col * (l.label.width + l.gap.x), y: l.margin.top + row * (l.label.height + l.gap.y) };
}

/** A layout whose labels do not fit its page, or leave no room inside, is refused before anything is drawn. */
export function checkLayout(l: LabelLayout): void {
  const positive = [l.page.width, l.page.height, l.label.width, l.label.height].every((n) => Number.isFinite(n) && n > 0);
  const counts = Number.isInteger(l.columns) && Number.isInteger(l.rows) && l.columns >= 1 && l.rows >= 1;
  const offsets = [l.margin.top, l.margin.left, l.gap.x, l.gap.y, l.padding].every((n) => Number.isFinite(n) && n >= 0);
  if (!positive || !counts || !offsets) throw new AppError('validation', 'a label layout needs positive sizes and counts');
  const last = slotOrigin(l, l.columns * l.rows - 1);
  const eps = 0.01; // presets add up to the page exactly; float sums may not
  if (last.x + l.label.width > l.page.width + eps || last.y + l.label.height > l.page.height + eps)
    throw new AppError('validation', `${l.columns} x ${l.rows} labels of ${l.label.width} x ${l.label.height} mm do not fit the page`);
  if (l.label.width - 2 * l.padding < 15 || l.label.height - 2 * l.padding < 10)
    throw new AppError('validation', 'a label leaves less than 15 x 10 mm inside its padding');
}

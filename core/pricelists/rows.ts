// One data row of a price list into a typed row, or the reasons it cannot be used, each naming the column.
//
// Required cells: a key (the barcode or the article, at least one) and the price. When the file has no price
// column but has a cost column, the cost is required instead. Name, unit and stock are optional; a stock cell
// that is not a number (">100", "есть") is left empty rather than failing a row whose price is fine.
import { hasValidCheckDigit, isGtin } from '../contract/gtin';
import { barcodeDigits, cellText, isBlank, parseMoney, parseQty } from './cells';
import { normalizeHeader } from './headers';
import type { HeaderColumn, PriceField, PriceRow, RawCell, RawRow, RowProblem, RowProblemCode } from './types';

export type Checked = { kind: 'good'; row: PriceRow } | { kind: 'bad'; problems: RowProblem[] } | { kind: 'empty' | 'section' | 'header' };

const PROBLEM_TEXT: Record<RowProblemCode, string> = {
  not_a_number: 'is not a number',
  negative: 'is below zero',
  too_large: 'is too large for a price',
  invalid_barcode: 'is not a barcode (8, 12, 13 or 14 digits)',
  invalid_check_digit: 'has a wrong check digit',
  duplicate_barcode: 'repeats a barcode',
  duplicate_article: 'repeats an article',
  empty_required: 'is empty',
  duplicate_product: 'names a product another row already names',
  exists: 'is already in the catalog',
  unknown_category: 'is not a category of the catalog',
};

// A 13-digit number shown as "4,6E+12" and saved that way to CSV: the digits are gone.
const SCIENTIFIC = /^\d[.,]\d+e\+?\d+$/i;

/**
 * A number cell drops leading zeros: an EAN-8 or UPC-A starting with 0 arrives one digit short. The check digit
 * does not change with leading zeros, so the padded code is checked as usual; other lengths are left to fail.
 */
const padNumericGtin = (digits: string): string => (digits.length === 7 || digits.length === 11 ? `0${digits}` : digits);

interface Columns {
  mapping: Partial<Record<PriceField, number>>;
  labels: Partial<Record<PriceField, string>>;
  headerTexts: [number, string][];
  requiredMoney: 'price' | 'cost' | null;
}

const at = (cells: RawCell[], index: number | undefined): RawCell => (index === undefined ? null : (cells[index] ?? null));

function addProblem(problems: RowProblem[], cols: Columns, row: number, field: PriceField, code: RowProblemCode, detail?: string): void {
  const column = cols.labels[field] ?? field;
  problems.push({ row, column, code, message: `row ${row}, ${column}: ${detail ?? PROBLEM_TEXT[code]}` });
}

/** One text alone with nothing in the key and money columns, or a merged title starting in column A. */
function emptyOrSection(cells: RawCell[], cols: Columns): Checked | null {
  let filled = 0;
  let lone: RawCell = null;
  for (const c of cells) if (!isBlank(c)) [filled, lone] = [filled + 1, c];
  if (filled === 0) return { kind: 'empty' };
  const m = cols.mapping;
  if (!isBlank(at(cells, m.price)) || !isBlank(at(cells, m.cost))) return null;
  if (isBlank(at(cells, m.barcode)) && isBlank(at(cells, m.article))) return { kind: 'section' };
  return filled === 1 && typeof lone === 'string' && !/^[\d\s]+$/.test(lone) ? { kind: 'section' } : null;
}

/** Some suppliers print the header again on every page; such a row fails every check, so only bad rows are asked. */
const repeatsHeader = (cells: RawCell[], cols: Columns): boolean =>
  cols.headerTexts.some(([i, text]) => typeof cells[i] === 'string' && normalizeHeader(cells[i]) === text);

function money(problems: RowProblem[], cols: Columns, row: number, field: 'price' | 'cost', raw: RawCell): number | null {
  const parsed = parseMoney(raw);
  if (parsed === null) {
    if (field === cols.requiredMoney) addProblem(problems, cols, row, field, 'empty_required');
    return null;
  }
  if (parsed.ok) return parsed.value;
  addProblem(problems, cols, row, field, parsed.code, `${cellText(raw)} ${PROBLEM_TEXT[parsed.code]}`);
  return null;
}

const optionalText = (cell: RawCell): string | null => (isBlank(cell) ? null : cellText(cell));

/** A checker for one read: it remembers the barcodes and articles seen so far to report repeats. */
export function createRowChecker(mapping: Partial<Record<PriceField, number>>, columns: HeaderColumn[]) {
  const seenBarcodes = new Map<string, number>();
  const seenArticles = new Map<string, number>();
  const labels: Partial<Record<PriceField, string>> = {};
  for (const [field, index] of Object.entries(mapping) as [PriceField, number][]) {
    const c = columns[index];
    labels[field] = c ? c.header || c.letter : field;
  }
  const cols: Columns = {
    mapping,
    labels,
    headerTexts: (['barcode', 'article', 'price'] as const)
      .filter((f) => mapping[f] !== undefined && columns[mapping[f]!]?.header)
      .map((f) => [mapping[f]!, normalizeHeader(columns[mapping[f]!]!.header)]),
    requiredMoney: mapping.price !== undefined ? 'price' : mapping.cost !== undefined ? 'cost' : null,
  };

  return function check({ row, cells }: RawRow): Checked {
    const skipped = emptyOrSection(cells, cols);
    if (skipped) return skipped;
    const problems: RowProblem[] = [];
    const rawBarcode = at(cells, mapping.barcode);
    const rawArticle = at(cells, mapping.article);
    let barcode: string | null = null;
    if (!isBlank(rawBarcode)) {
      const digits = barcodeDigits(rawBarcode);
      const candidate = typeof rawBarcode === 'number' ? padNumericGtin(digits) : digits;
      if (SCIENTIFIC.test(digits))
        addProblem(
          problems,
          cols,
          row,
          'barcode',
          'invalid_barcode',
          `the barcode ${digits} was saved in scientific notation and lost its digits`,
        );
      else if (!isGtin(candidate))
        addProblem(problems, cols, row, 'barcode', 'invalid_barcode', `${digits} is not a barcode (8, 12, 13 or 14 digits)`);
      else if (!hasValidCheckDigit(candidate))
        addProblem(problems, cols, row, 'barcode', 'invalid_check_digit', `the barcode ${candidate} has a wrong check digit`);
      else {
        const first = seenBarcodes.get(candidate);
        if (first !== undefined)
          addProblem(problems, cols, row, 'barcode', 'duplicate_barcode', `the barcode ${candidate} is already on row ${first}`);
        else seenBarcodes.set(candidate, row);
        barcode = candidate;
      }
    }
    const article = optionalText(rawArticle);
    if (article !== null) {
      const first = seenArticles.get(article);
      if (first === undefined) seenArticles.set(article, row);
      else if (isBlank(rawBarcode))
        addProblem(problems, cols, row, 'article', 'duplicate_article', `the article ${article} is already on row ${first}`);
    }
    if (isBlank(rawBarcode) && article === null)
      addProblem(problems, cols, row, mapping.barcode !== undefined ? 'barcode' : 'article', 'empty_required', 'no barcode and no article');
    const price = mapping.price === undefined ? null : money(problems, cols, row, 'price', at(cells, mapping.price));
    const cost = mapping.cost === undefined ? null : money(problems, cols, row, 'cost', at(cells, mapping.cost));
    if (problems.length) return repeatsHeader(cells, cols) ? { kind: 'header' } : { kind: 'bad', problems };
    const qty = parseQty(at(cells, mapping.qty));
    return {
      kind: 'good',
      row: {
        row,
        barcode,
        article,
        name: optionalText(at(cells, mapping.name)),
        price,
        cost,
        unit: optionalText(at(cells, mapping.unit)),
        // Only a catalog import maps it; a price list's rows stay as they were.
        ...(mapping.category !== undefined && { category: optionalText(at(cells, mapping.category)) }),
        qty: qty?.ok ? qty.value : null,
      },
    };
  };
}

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
};

// A 13-digit number shown as "4,6E+12" and saved that way to CSV: the digits are gone.
const SCIENTIFIC = /^\d[.,]\d+e\+?\d+$/i;

/** Number cells lost their leading zeros; padding to the next GTIN length keeps the same check digit. */
function padNumericGtin(digits: string): string {
  for (const len of [8, 12, 13, 14]) if (digits.length <= len) return digits.padStart(len, '0');
  return digits;
}

/** A checker for one read: it remembers the barcodes and articles seen so far to report repeats. */
export function createRowChecker(mapping: Partial<Record<PriceField, number>>, columns: HeaderColumn[]) {
  const seenBarcodes = new Map<string, number>();
  const seenArticles = new Map<string, number>();
  const label = (field: PriceField): string => {
    const c = columns[mapping[field]!];
    return c ? c.header || c.letter : field;
  };
  const at = (cells: RawCell[], field: PriceField): RawCell => (mapping[field] === undefined ? null : (cells[mapping[field]!] ?? null));
  const headerTexts = new Map(
    (['barcode', 'article', 'price'] as const)
      .filter((f) => mapping[f] !== undefined && columns[mapping[f]!]?.header)
      .map((f) => [f, normalizeHeader(columns[mapping[f]!]!.header)]),
  );
  const requiredMoney: PriceField | null = mapping.price !== undefined ? 'price' : mapping.cost !== undefined ? 'cost' : null;

  return function check({ row, cells }: RawRow): Checked {
    const problems: RowProblem[] = [];
    const problem = (field: PriceField, code: RowProblemCode, detail = ''): void => {
      const column = label(field);
      problems.push({ row, column, code, message: `row ${row}, ${column}: ${detail || PROBLEM_TEXT[code]}` });
    };
    const rawBarcode = at(cells, 'barcode');
    const rawArticle = at(cells, 'article');
    const rawPrice = at(cells, 'price');
    const rawCost = at(cells, 'cost');
    const filled = cells.filter((c) => !isBlank(c));
    if (filled.length === 0) return { kind: 'empty' };
    // A section title: nothing in the key and money columns, or one text alone (a merged cell starting in column A).
    const lone = filled.length === 1 && typeof filled[0] === 'string' && !/^[\d\s]+$/.test(filled[0]);
    if (isBlank(rawPrice) && isBlank(rawCost) && (lone || (isBlank(rawBarcode) && isBlank(rawArticle)))) return { kind: 'section' };
    for (const [field, text] of headerTexts) {
      const cell = at(cells, field);
      if (typeof cell === 'string' && normalizeHeader(cell) === text) return { kind: 'header' }; // repeated on every printed page
    }

    let barcode: string | null = null;
    if (!isBlank(rawBarcode)) {
      const digits = barcodeDigits(rawBarcode);
      const candidate = typeof rawBarcode === 'number' ? padNumericGtin(digits) : digits;
      if (SCIENTIFIC.test(digits))
        problem('barcode', 'invalid_barcode', `the barcode ${digits} was saved in scientific notation and lost its digits`);
      else if (!isGtin(candidate)) problem('barcode', 'invalid_barcode', `${digits} is not a barcode (8, 12, 13 or 14 digits)`);
      else if (!hasValidCheckDigit(candidate))
        problem('barcode', 'invalid_check_digit', `the barcode ${candidate} has a wrong check digit`);
      else {
        const first = seenBarcodes.get(candidate);
        if (first !== undefined) problem('barcode', 'duplicate_barcode', `the barcode ${candidate} is already on row ${first}`);
        else seenBarcodes.set(candidate, row);
        barcode = candidate;
      }
    }
    const article = isBlank(rawArticle) ? null : cellText(rawArticle);
    if (article !== null) {
      const first = seenArticles.get(article);
      if (first === undefined) seenArticles.set(article, row);
      else if (isBlank(rawBarcode)) problem('article', 'duplicate_article', `the article ${article} is already on row ${first}`);
    }
    if (isBlank(rawBarcode) && article === null)
      problem(mapping.barcode !== undefined ? 'barcode' : 'article', 'empty_required', 'no barcode and no article');

    const money = (field: 'price' | 'cost', raw: RawCell): number | null => {
      const parsed = parseMoney(raw);
      if (parsed === null) {
        if (field === requiredMoney) problem(field, 'empty_required');
        return null;
      }
      if (!parsed.ok) {
        problem(field, parsed.code, `${cellText(raw)} ${PROBLEM_TEXT[parsed.code]}`);
        return null;
      }
      return parsed.value;
    };
    const price = mapping.price === undefined ? null : money('price', rawPrice);
    const cost = mapping.cost === undefined ? null : money('cost', rawCost);
    if (problems.length) return { kind: 'bad', problems };

    const qty = parseQty(at(cells, 'qty'));
    const text = (field: PriceField): string | null => {
      const cell = at(cells, field);
      return isBlank(cell) ? null : cellText(cell);
    };
    return {
      kind: 'good',
      row: { row, barcode, article, name: text('name'), price, cost, unit: text('unit'), qty: qty?.ok ? qty.value : null },
    };
  };
}

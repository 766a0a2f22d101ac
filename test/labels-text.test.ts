/** What a label says: prices in the shop's money and language, price per kg or litre, names fitted to the width. */
import { describe, expect, it } from 'vitest';
import { priceTexts } from '../core/labels/price-text';
import { fitLines, fitSize } from '../core/labels/text-fit';

const NBSP = '\u00a0';

describe('label prices', () => {
  it('Russian: NBSP between thousands and before the sign, comma decimals, per kg and per litre', () => {
    expect(priceTexts({ price: 123450, unit: 'pcs' }, 'ru', 'RUB')).toEqual({ price: `1${NBSP}234,50${NBSP}₽` });
    expect(priceTexts({ price: 12340, unit: 'kg' }, 'ru', 'RUB')).toEqual({ price: `123,40${NBSP}₽/кг` });
    expect(priceTexts({ price: 5990, unit: 'l' }, 'ru', 'RUB')).toEqual({ price: `59,90${NBSP}₽/л` });
    // A 0.9 kg bag at 89.90: 99.89 a kg (99.888... rounded half up); a 0.5 l bottle at 45.00: 90.00 a litre.
    expect(priceTexts({ price: 8990, unit: 'pcs', pack: { qty: 900, unit: 'kg' } }, 'ru', 'RUB')).toEqual({
      price: `89,90${NBSP}₽`,
      unitPrice: `99,89${NBSP}₽/кг`,
    });
    expect(priceTexts({ price: 4500, unit: 'pcs', pack: { qty: 500, unit: 'l' } }, 'ru', 'RUB').unitPrice).toBe(`90,00${NBSP}₽/л`);
  });

  it('English: dollars with a point and comma groups; a currency without minor units', () => {
    expect(priceTexts({ price: 123, unit: 'kg' }, 'en', 'USD')).toEqual({ price: '$1.23/kg' });
    expect(priceTexts({ price: 123456, unit: 'pcs', pack: { qty: 250, unit: 'kg' } }, 'en', 'USD')).toEqual({
      price: '$1,234.56',
      unitPrice: '$4,938.24/kg',
    });
    expect(priceTexts({ price: 1500, unit: 'pcs' }, 'en', 'JPY').price).toBe('¥1,500');
  });

  it('refuses a pack of nothing', () => {
    expect(() => priceTexts({ price: 100, unit: 'pcs', pack: { qty: 0, unit: 'kg' } }, 'ru', 'RUB')).toThrow(
      expect.objectContaining({ code: 'validation' }),
    );
  });
});

describe('fitting a name to a label', () => {
  // One unit per character: widths are counts, so the expectations can be read off the strings.
  const measure = (s: string): number => [...s].length;

  it('wraps at spaces, and a name that fits is shown whole', () => {
    expect(fitLines(measure, 'Молоко  пастеризованное 3,2%', 21, 3)).toEqual(['Молоко', 'пастеризованное 3,2%']);
    expect(fitLines(measure, 'Молоко пастеризованное 3,2%', 40, 1)).toEqual(['Молоко пастеризованное 3,2%']);
    // A word longer than the label is broken, not let out of it.
    expect(fitLines(measure, 'Молоко пастеризованное 3,2%', 10, 3)).toEqual(['Молоко', 'пастеризов', 'анное 3,2%']);
  });

  it('cuts what does not fit with an ellipsis on the last line, no line wider than the label', () => {
    const lines = fitLines(measure, 'Сыр полутвёрдый Российский молодой фасованный', 12, 2);
    expect(lines).toEqual(['Сыр', 'полутвёрдый…']);
    const many = fitLines(measure, 'a '.repeat(100), 9, 3);
    expect(many).toHaveLength(3);
    expect(many.every((l) => measure(l) <= 9)).toBe(true);
    expect(many[2]).toMatch(/…$/);
  });

  it('the largest font size at which a price fits, none when even the smallest is too wide', () => {
    const at = (size: number) => (s: string) => [...s].length * size;
    expect(fitSize(at, '1 234,50 ₽', 100, 16, 4)).toBe(10);
    expect(fitSize(at, '1 234,50 ₽', 30, 16, 4)).toBeNull();
  });
});

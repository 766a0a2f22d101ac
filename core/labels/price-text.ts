import { formatMoney } from '../contract/money-format';
import type { Unit } from '../contract/types';
import { AppError } from '../errors';
import { mulDivRound } from '../money';
import type { LabelItem } from './label-item';

// The same short names the screens use (renderer i18n common.units).
const UNITS: Record<'en' | 'ru', Record<Unit, string>> = {
  en: { pcs: 'pcs', kg: 'kg', l: 'l', m: 'm' },
  ru: { pcs: 'шт', kg: 'кг', l: 'л', m: 'м' },
};

export interface PriceTexts {
  /** What one sells for: "89,90 ₽" for a piece, "899,00 ₽/кг" for weighed goods. */
  price: string;
  /** A packed piece's price per kg or litre ("179,80 ₽/л"); absent when the price already is per unit. */
  unitPrice?: string;
}

export const perUnit = (money: string, unit: Unit, locale: 'en' | 'ru'): string => `${money}/${UNITS[locale][unit]}`;

/**
 * Price and price per kg or litre as the label prints them, in the shop's currency and the label's language;
 * `money` formats an amount (a printer whose code page lacks the currency sign passes its own).
 */
export function priceTexts(
  item: Pick<LabelItem, 'price' | 'unit' | 'pack'>,
  locale: 'en' | 'ru',
  currency: string,
  money: (minor: number) => string = (minor) => formatMoney(minor, locale, currency),
): PriceTexts {
  if (item.unit !== 'pcs') return { price: perUnit(money(item.price), item.unit, locale) };
  if (!item.pack) return { price: money(item.price) };
  if (!Number.isInteger(item.pack.qty) || item.pack.qty <= 0)
    throw new AppError('validation', 'a pack holds a positive whole number of grams or millilitres');
  // Per whole kg or litre: the pack's content is in thousandths, rounded to the minor unit as every amount is.
  return { price: money(item.price), unitPrice: perUnit(money(mulDivRound(item.price, 1000, item.pack.qty)), item.pack.unit, locale) };
}

/** The words an export writes itself (the About sheet, the totals row), in the shop's two languages. */
export type ExportLocale = 'en' | 'ru';

export interface ExportLabels {
  about: string;
  data: string;
  shop: string;
  report: string;
  period: string;
  filters: string;
  generatedAt: string;
  user: string;
  rows: string;
  total: string;
}

export const EXPORT_LABELS: Record<ExportLocale, ExportLabels> = {
  en: {
    about: 'About',
    data: 'Data',
    shop: 'Shop',
    report: 'Report',
    period: 'Period',
    filters: 'Filters',
    generatedAt: 'Generated at',
    user: 'User',
    rows: 'Rows',
    total: 'Total',
  },
  ru: {
    about: 'Отчёт',
    data: 'Данные',
    shop: 'Магазин',
    report: 'Отчёт',
    period: 'Период',
    filters: 'Фильтры',
    generatedAt: 'Сформирован',
    user: 'Пользователь',
    rows: 'Строк',
    total: 'Итого',
  },
};

import type { Permission } from '../api/types';
import { ADMIN_SCREENS, type AdminScreenId } from '../screens/admin/screens';

export type ScreenId =
  | 'sale'
  | 'returns'
  | 'sales'
  | 'stock'
  | 'stockdocs'
  | 'goodsin'
  | 'loss'
  | 'reports'
  | 'dashboard'
  | 'counts'
  | 'sync'
  | 'money'
  | 'orders'
  | AdminScreenId;

/**
 * Each screen, every permission it needs and, when given, one of which it needs too; the server enforces the same,
 * this only hides dead ends.
 */
export const SCREENS: { id: ScreenId; needs: Permission[]; anyOf?: Permission[] }[] = [
  { id: 'sale', needs: ['sale.post'] },
  { id: 'returns', needs: ['return.post'] },
  { id: 'sales', needs: ['sale.view_all'] },
  { id: 'stock', needs: ['catalog.view', 'stock.view'] },
  { id: 'stockdocs', needs: ['catalog.view', 'stock.view'] },
  { id: 'goodsin', needs: ['catalog.view', 'stock.view'], anyOf: ['stock.receive', 'purchase.manage'] },
  { id: 'loss', needs: ['report.view'] },
  { id: 'reports', needs: ['report.view'] },
  { id: 'dashboard', needs: ['report.view'] },
  { id: 'counts', needs: ['count.scan'] },
  { id: 'sync', needs: ['store.manage'] },
  // Expenses and supplier payments: whoever sees the reports; recording needs expense.post or supplier.pay.
  { id: 'money', needs: ['report.view'], anyOf: ['expense.post', 'supplier.pay'] },
  { id: 'orders', needs: ['stock.view', 'sale.post'] },
  ...ADMIN_SCREENS,
];

/**
 * Screens listed only under the header's menu, never as buttons: the back office's documents, reports and counts are
 * opened now and then, not all day, and in Russian the header holds only the counter's screens at 1366 px.
 */
export const MENU_SCREENS: readonly ScreenId[] = ['stockdocs', 'goodsin', 'reports', 'dashboard', 'counts', 'sync', 'money', 'orders'];

export function allowedScreens(can: (p: Permission) => boolean): ScreenId[] {
  return SCREENS.filter((s) => s.needs.every(can) && (!s.anyOf || s.anyOf.some(can))).map((s) => s.id);
}

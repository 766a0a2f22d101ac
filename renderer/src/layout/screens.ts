import type { Permission } from '../api/types';
import { ADMIN_SCREENS, type AdminScreenId } from '../screens/admin/screens';

export type ScreenId = 'sale' | 'returns' | 'sales' | 'stock' | 'stockdocs' | 'loss' | AdminScreenId;

/** Each screen and every permission it needs; the server enforces the same, this only hides dead ends. */
export const SCREENS: { id: ScreenId; needs: Permission[] }[] = [
  { id: 'sale', needs: ['sale.post'] },
  { id: 'returns', needs: ['return.post'] },
  { id: 'sales', needs: ['sale.view_all'] },
  { id: 'stock', needs: ['catalog.view', 'stock.view'] },
  { id: 'stockdocs', needs: ['catalog.view', 'stock.view'] },
  { id: 'loss', needs: ['report.view'] },
  ...ADMIN_SCREENS,
];

export function allowedScreens(can: (p: Permission) => boolean): ScreenId[] {
  return SCREENS.filter((s) => s.needs.every(can)).map((s) => s.id);
}

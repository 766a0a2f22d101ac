import type { Permission } from '../../api/types';

export type AdminScreenId = 'catalog' | 'categories' | 'suppliers' | 'users' | 'backups' | 'settings' | 'audit' | 'pricelists';

/** The back office's screens, merged into layout/screens.ts; in the header they sit under one "Back office" menu. */
export const ADMIN_SCREENS: { id: AdminScreenId; needs: Permission[]; anyOf?: Permission[] }[] = [
  // The catalog is read by whoever keeps the stock and edited by those with catalog.edit.
  { id: 'catalog', needs: ['catalog.view'], anyOf: ['catalog.edit', 'stock.view'] },
  { id: 'categories', needs: ['catalog.edit'] },
  { id: 'suppliers', needs: ['suppliers.manage'] },
  { id: 'users', needs: ['users.manage'] },
  { id: 'backups', needs: ['backup.manage'] },
  { id: 'settings', needs: ['settings.edit'] },
  { id: 'audit', needs: ['audit.view'] },
  { id: 'pricelists', needs: ['price.edit', 'catalog.view'] },
];

const IDS: readonly string[] = ADMIN_SCREENS.map((s) => s.id);
export const isAdminScreen = (id: string): id is AdminScreenId => IDS.includes(id);

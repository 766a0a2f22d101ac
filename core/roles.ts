import type { BuiltinRole, Permission } from './contract/permissions';
import { PERMISSIONS } from './contract/permissions';

// The period lock and the expenses are the books' own: the owner's and the bookkeeper's, not the manager's who posts
// the documents.
const OWNER_ONLY: readonly Permission[] = ['settings.edit', 'users.manage', 'backup.manage', 'period.lock', 'store.manage', 'expense.post'];

/** The built-in permission sets; owners can add their own rows to `roles`. */
export const BUILTIN_ROLE_PERMISSIONS: Record<BuiltinRole, readonly Permission[]> = {
  owner: PERMISSIONS,
  // Everything but the shop's own keys: settings, staff, backups and the web store's key stay the owner's.
  manager: PERMISSIONS.filter((p) => !OWNER_ONLY.includes(p)),
  cashier: ['sale.post', 'catalog.view', 'stock.view', 'cash.move', 'return.post', 'count.scan'],
  bookkeeper: [
    'sale.view_all',
    'catalog.view',
    'stock.view',
    'report.view',
    'audit.view',
    'period.lock',
    'supplier.pay',
    'expense.post',
    'doc.backdate',
  ],
};

export const ROLE_NAMES: Record<BuiltinRole, string> = { owner: 'Owner', manager: 'Manager', cashier: 'Cashier', bookkeeper: 'Bookkeeper' };

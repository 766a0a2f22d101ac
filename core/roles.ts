import type { BuiltinRole, Permission } from './contract/permissions';
import { PERMISSIONS } from './contract/permissions';

/** The built-in permission sets; owners can add their own rows to `roles`. */
export const BUILTIN_ROLE_PERMISSIONS: Record<BuiltinRole, readonly Permission[]> = {
  owner: PERMISSIONS,
  manager: [
    'sale.post',
    'sale.view_all',
    'catalog.view',
    'catalog.edit',
    'stock.view',
    'stock.receive',
    'stock.writeoff',
    'stock.transfer',
    'stock.count',
    'doc.backdate',
    'doc.cancel',
    'report.view',
    'audit.view',
    'cash.move',
    'return.post',
    'return.no_receipt',
    'line.remove',
    'price.override',
    'discount.over_limit',
    'drawer.open',
  ],
  cashier: ['sale.post', 'catalog.view', 'stock.view', 'cash.move', 'return.post'],
  bookkeeper: ['sale.view_all', 'catalog.view', 'stock.view', 'report.view', 'audit.view'],
};

export const ROLE_NAMES: Record<BuiltinRole, string> = { owner: 'Owner', manager: 'Manager', cashier: 'Cashier', bookkeeper: 'Bookkeeper' };

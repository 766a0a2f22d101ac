/** What a role may do. Every API method names one of these, 'authenticated' or 'public'. */
export const PERMISSIONS = [
  'sale.post',
  'sale.view_all',
  'catalog.view',
  'catalog.edit',
  'stock.view',
  'stock.post',
  /** Post a back-office document (or a draft) dated before today. */
  'doc.backdate',
  'doc.cancel',
  'report.view',
  'settings.edit',
  'users.manage',
  'audit.view',
  'backup.manage',
  'cash.move',
  'return.post',
  'return.no_receipt',
  'line.remove',
  'price.override',
  'discount.over_limit',
  'drawer.open',
] as const;

export type Permission = (typeof PERMISSIONS)[number];
export type Access = Permission | 'authenticated' | 'public';

export const BUILTIN_ROLES = ['owner', 'manager', 'cashier', 'bookkeeper'] as const;
export type BuiltinRole = (typeof BUILTIN_ROLES)[number];

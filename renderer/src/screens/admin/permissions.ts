import type { TFunction } from 'i18next';
import type { Permission } from '../../api/types';

type Group = 'counter' | 'goods' | 'office';

/**
 * Every permission (the renderer may not import the contract's PERMISSIONS value), grouped for the role editor.
 * A Record over Permission: a permission added to the contract fails to compile here until it is placed.
 */
const GROUP_OF: Record<Permission, Group> = {
  'sale.post': 'counter',
  'return.post': 'counter',
  'return.no_receipt': 'counter',
  'cash.move': 'counter',
  'line.remove': 'counter',
  'price.override': 'counter',
  'discount.over_limit': 'counter',
  'drawer.open': 'counter',
  'catalog.view': 'goods',
  'catalog.edit': 'goods',
  'price.edit': 'goods',
  'suppliers.manage': 'goods',
  'supplier.pay': 'office',
  'expense.post': 'office',
  'purchase.manage': 'goods',
  'stock.view': 'goods',
  'stock.receive': 'goods',
  'stock.writeoff': 'goods',
  'stock.transfer': 'goods',
  'stock.count': 'goods',
  'count.scan': 'goods',
  'count.view_expected': 'goods',
  'doc.backdate': 'goods',
  'doc.cancel': 'goods',
  'sale.view_all': 'office',
  'report.view': 'office',
  'period.lock': 'office',
  'settings.edit': 'office',
  'users.manage': 'office',
  'audit.view': 'office',
  'backup.manage': 'office',
  'store.manage': 'office',
};

export const ALL_PERMISSIONS = Object.keys(GROUP_OF) as Permission[];

export const PERMISSION_GROUPS: { group: Group; permissions: Permission[] }[] = (['counter', 'goods', 'office'] as const).map((group) => ({
  group,
  permissions: ALL_PERMISSIONS.filter((p) => GROUP_OF[p] === group),
}));

type Underscored<P extends string> = P extends `${infer A}.${infer B}` ? `${A}_${B}` : P;

/** i18next splits keys on dots, so 'sale.post' is translated as admin.perm.sale_post. */
export function permissionLabel(t: TFunction, p: Permission): string {
  return t(`admin.perm.${p.replace('.', '_') as Underscored<Permission>}`);
}

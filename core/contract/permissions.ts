import type { DocType } from './types';

/** What a role may do. Every API method names one of these, 'authenticated', 'public' or 'by-kind'. */
export const PERMISSIONS = [
  'sale.post',
  'sale.view_all',
  'catalog.view',
  'catalog.edit',
  /** Change a product's retail price or cost (one at a time, or in bulk). */
  'price.edit',
  'suppliers.manage',
  /** Pay a supplier (cash or bank) against what the shop owes them: a supplier_payment document. */
  'supplier.pay',
  /** Record what the shop spends (rent, wages, utilities, other), from a drawer or the bank: an expense document. */
  'expense.post',
  /** Orders to suppliers: make, change, send, close and cancel them (receiving the goods is stock.receive). */
  'purchase.manage',
  'stock.view',
  /** Posting stock documents, one right per kind (a clerk may receive goods and count without writing any off). */
  'stock.receive',
  'stock.writeoff',
  'stock.transfer',
  'stock.count',
  /** Scan into an open count (a cashier helps count); posting it still needs stock.count. */
  'count.scan',
  /** See the book (expected) quantities and variances of a blind count. */
  'count.view_expected',
  /** Post a back-office document (or a draft) dated before today. */
  'doc.backdate',
  'doc.cancel',
  /** Lock the books through a date (nothing posted, cancelled or back-dated into it) and unlock them. */
  'period.lock',
  'report.view',
  'settings.edit',
  'users.manage',
  'audit.view',
  'backup.manage',
  /** The web store: its address and key, sync now, dead letters. */
  'store.manage',
  'cash.move',
  'return.post',
  'return.no_receipt',
  'line.remove',
  'price.override',
  'discount.over_limit',
  'drawer.open',
] as const;

export type Permission = (typeof PERMISSIONS)[number];
/** 'by-kind': the permission of the kind of document the call posts or edits (DOC_KIND_PERMISSION). */
export type Access = Permission | 'authenticated' | 'public' | 'by-kind';

/** Who may post (and edit drafts of) each kind of document, whichever method posts it. */
export const DOC_KIND_PERMISSION = {
  sale: 'sale.post',
  return: 'return.post',
  receipt: 'stock.receive',
  writeoff: 'stock.writeoff',
  transfer: 'stock.transfer',
  transfer_in: 'stock.transfer',
  count: 'stock.count',
  /** Goods going back to their supplier are handled by whoever receives goods from suppliers. */
  supplier_return: 'stock.receive',
  supplier_payment: 'supplier.pay',
  expense: 'expense.post',
} as const satisfies Record<DocType, Permission>;

export const BUILTIN_ROLES = ['owner', 'manager', 'cashier', 'bookkeeper'] as const;
export type BuiltinRole = (typeof BUILTIN_ROLES)[number];

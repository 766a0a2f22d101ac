import type { z } from 'zod';
import type { Access } from './permissions';
import * as c from './counter-schemas';
import type * as C from './counter-types';
import * as s from './schemas';
import type * as T from './types';

/** The single API: every method, its input schema and who may call it. */
export const apiSpec = {
  'system.info': { input: s.empty, access: 'public' },
  'setup.demo': { input: s.empty, access: 'public' },
  'setup.shop': { input: s.setupShopInput, access: 'public' },
  'auth.users': { input: s.empty, access: 'public' },
  'auth.login': { input: s.loginInput, access: 'public' },
  'auth.loginPassword': { input: s.passwordLoginInput, access: 'public' },
  'auth.logout': { input: s.empty, access: 'authenticated' },
  'users.list': { input: s.empty, access: 'users.manage' },
  'users.upsert': { input: s.userUpsertInput, access: 'users.manage' },
  'users.unlock': { input: s.userUnlockInput, access: 'users.manage' },
  'roles.list': { input: s.empty, access: 'users.manage' },
  'roles.upsert': { input: s.roleUpsertInput, access: 'users.manage' },
  'auth.me': { input: s.empty, access: 'authenticated' },
  'settings.get': { input: s.empty, access: 'authenticated' },
  'settings.set': { input: s.settingsSetInput, access: 'settings.edit' },
  'locations.list': { input: s.empty, access: 'authenticated' },
  'catalog.search': { input: s.productSearchInput, access: 'catalog.view' },
  'catalog.scan': { input: s.barcodeInput, access: 'catalog.view' },
  'catalog.get': { input: s.productGetInput, access: 'catalog.view' },
  'catalog.upsert': { input: s.productUpsertInput, access: 'catalog.edit' },
  'sale.post': { input: s.salePostInput, access: 'sale.post' },
  'sale.list': { input: s.saleListInput, access: 'sale.view_all' },
  'doc.get': { input: s.docGetInput, access: 'sale.view_all' },
  'doc.post': { input: s.docPostInput, access: 'stock.post' },
  'doc.cancel': { input: s.docCancelInput, access: 'doc.cancel' },
  'stock.onHand': { input: s.onHandInput, access: 'stock.view' },
  'stock.movements': { input: s.movementsInput, access: 'stock.view' },
  // Editing and posting a draft needs what posting its kind needs (core/drafts/access.ts checks the kind too).
  'draft.create': { input: s.draftCreateInput, access: 'stock.post' },
  'draft.get': { input: s.draftGetInput, access: 'stock.view' },
  'draft.list': { input: s.draftListInput, access: 'stock.view' },
  'draft.update': { input: s.draftUpdateInput, access: 'stock.post' },
  'draft.setLines': { input: s.draftSetLinesInput, access: 'stock.post' },
  'draft.addLine': { input: s.draftAddLineInput, access: 'stock.post' },
  'draft.updateLine': { input: s.draftUpdateLineInput, access: 'stock.post' },
  'draft.removeLine': { input: s.draftRemoveLineInput, access: 'stock.post' },
  'draft.post': { input: s.draftGetInput, access: 'stock.post' },
  'draft.discard': { input: s.draftGetInput, access: 'stock.post' },
  'audit.verify': { input: s.empty, access: 'audit.view' },
  'backup.list': { input: s.empty, access: 'backup.manage' },
  'backup.create': { input: s.empty, access: 'backup.manage' },
  'backup.restore': { input: s.backupNameInput, access: 'backup.manage' },
  'recovery.restore': { input: s.backupNameInput, access: 'public' },
  'shift.current': { input: s.empty, access: 'sale.post' },
  'shift.open': { input: c.shiftOpenInput, access: 'sale.post' },
  'shift.cash': { input: c.shiftCashInput, access: 'cash.move' },
  'shift.x': { input: s.empty, access: 'sale.post' },
  'shift.close': { input: c.shiftCloseInput, access: 'sale.post' },
  'shift.list': { input: s.listInput, access: 'report.view' },
  'shift.report': { input: s.docGetInput, access: 'report.view' },
  'cart.current': { input: s.empty, access: 'sale.post' },
  'cart.scan': { input: c.cartScanInput, access: 'sale.post' },
  'cart.add': { input: c.cartAddInput, access: 'sale.post' },
  'cart.setQty': { input: c.cartSetQtyInput, access: 'sale.post' },
  'cart.setPrice': { input: c.cartSetPriceInput, access: 'sale.post' },
  'cart.removeLine': { input: c.cartRemoveLineInput, access: 'sale.post' },
  'cart.discount': { input: c.cartDiscountInput, access: 'sale.post' },
  'cart.customer': { input: c.cartCustomerInput, access: 'sale.post' },
  'cart.park': { input: c.cartParkInput, access: 'sale.post' },
  'cart.parked': { input: s.empty, access: 'sale.post' },
  'cart.recall': { input: c.cartRef, access: 'sale.post' },
  'cart.clear': { input: c.cartClearInput, access: 'sale.post' },
  'cart.pay': { input: c.cartPayInput, access: 'sale.post' },
  'customer.find': { input: c.customerFindInput, access: 'sale.post' },
  'customer.upsert': { input: c.customerUpsertInput, access: 'sale.post' },
  'receipt.find': { input: c.receiptFindInput, access: 'return.post' },
  'receipt.search': { input: c.receiptSearchInput, access: 'return.post' },
  'return.post': { input: c.returnPostInput, access: 'return.post' },
  'receipt.preview': { input: c.docIdInput, access: 'sale.post' },
  'receipt.reprint': { input: c.docIdInput, access: 'sale.post' },
  'printer.status': { input: s.empty, access: 'authenticated' },
  'scanner.status': { input: s.empty, access: 'authenticated' },
  'drawer.open': { input: c.drawerOpenInput, access: 'sale.post' },
  'report.loss': { input: c.lossReportInput, access: 'report.view' },
} as const satisfies Record<string, { input: z.ZodType; access: Access }>;

export type Method = keyof typeof apiSpec;

/** What each method returns on success. */
export interface ApiOutputs {
  'system.info': T.SystemInfo;
  'setup.demo': T.SystemInfo;
  'setup.shop': T.SystemInfo;
  'auth.users': T.UserSummary[];
  'auth.login': T.LoginResult;
  'auth.loginPassword': T.LoginResult;
  'auth.logout': null;
  'users.list': T.UserAdmin[];
  'users.upsert': T.UserAdmin;
  'users.unlock': T.UserAdmin;
  'roles.list': T.Role[];
  'roles.upsert': T.Role;
  'auth.me': T.LoginResult;
  'settings.get': T.Settings;
  'settings.set': T.Settings;
  'locations.list': T.Location[];
  'catalog.search': T.Product[];
  'catalog.scan': T.ScanResult;
  'catalog.get': T.Product;
  'catalog.upsert': T.Product;
  'sale.post': T.PostResult;
  'sale.list': T.SalePage;
  'doc.get': T.Doc;
  'doc.post': T.PostResult;
  'doc.cancel': T.PostResult;
  'stock.onHand': T.StockPage;
  'stock.movements': T.Movement[];
  'draft.create': T.Draft;
  'draft.get': T.Draft;
  'draft.list': T.DraftPage;
  'draft.update': T.Draft;
  'draft.setLines': T.Draft;
  'draft.addLine': T.Draft;
  'draft.updateLine': T.Draft;
  'draft.removeLine': T.Draft;
  'draft.post': T.PostResult;
  'draft.discard': T.Draft;
  'audit.verify': T.AuditVerifyResult;
  'backup.list': T.BackupInfo[];
  'backup.create': T.BackupInfo;
  'backup.restore': T.BackupInfo;
  'recovery.restore': T.SystemInfo;
  'shift.current': C.Shift | null;
  'shift.open': C.Shift;
  'shift.cash': C.Shift;
  'shift.x': C.ShiftReport;
  'shift.close': C.ShiftReport;
  'shift.list': C.Shift[];
  'shift.report': C.ShiftReport;
  'cart.current': C.Cart;
  'cart.scan': C.Cart;
  'cart.add': C.Cart;
  'cart.setQty': C.Cart;
  'cart.setPrice': C.Cart;
  'cart.removeLine': C.Cart;
  'cart.discount': C.Cart;
  'cart.customer': C.Cart;
  'cart.park': C.Cart;
  'cart.parked': C.CartSummary[];
  'cart.recall': C.Cart;
  'cart.clear': C.Cart;
  'cart.pay': T.PostResult;
  'customer.find': C.Customer | null;
  'customer.upsert': C.Customer;
  'receipt.find': C.ReceiptForReturn;
  'receipt.search': T.DocSummary[];
  'return.post': T.PostResult;
  'receipt.preview': C.ReceiptPreview;
  'receipt.reprint': { queued: true };
  'printer.status': C.PrinterStatus;
  'scanner.status': C.ScannerStatus;
  'drawer.open': null;
  'report.loss': C.LossReport;
}

/** What the caller sends (defaults may be omitted). */
export type ApiInput<M extends Method> = z.input<(typeof apiSpec)[M]['input']>;
/** What a handler receives, after validation and defaults. */
export type ApiParsed<M extends Method> = z.output<(typeof apiSpec)[M]['input']>;
export type ApiOutput<M extends Method> = ApiOutputs[M];

export type { ApiError, ErrorCode, Result } from './errors';
export type * from './types';
export type * from './counter-types';
export type { Access, Permission, BuiltinRole } from './permissions';

// The screens as a code-based route tree over hash history: `#/sales?type=return`, `#/sales/42`. Hash URLs work the same
// in browser mode and under Electron's app://lavka/ (no server round trip decides which page a path is).
import { createHashHistory, createRootRouteWithContext, createRoute, createRouter, Navigate, redirect } from '@tanstack/react-router';
import { z } from 'zod';
import { AppFrame } from '../layout/AppFrame';
import { AuditScreen } from '../screens/admin/AuditScreen';
import { BackupsScreen } from '../screens/admin/BackupsScreen';
import { CatalogScreen } from '../screens/catalog/CatalogScreen';
import { CategoriesScreen } from '../screens/catalog/CategoriesScreen';
import { SuppliersScreen } from '../screens/catalog/SuppliersScreen';
import { ProductRoute } from '../screens/catalog/ProductEditor';
import { SettingsScreen } from '../screens/admin/SettingsScreen';
import { UsersScreen } from '../screens/admin/UsersScreen';
import { CountScreen } from '../screens/counts/CountScreen';
import { CountsScreen } from '../screens/counts/CountsScreen';
import { CatalogImportRoute } from '../screens/import/CatalogImportRoute';
import { ImportWizard } from '../screens/import/ImportWizard';
import { LossScreen } from '../screens/loss/LossScreen';
import { ReportsScreen } from '../screens/reports/ReportsScreen';
import { DashboardScreen } from '../screens/dashboard/DashboardScreen';
import { MoneyScreen } from '../screens/money/MoneyScreen';
import { ReturnsScreen } from '../screens/returns/ReturnsScreen';
import { SaleScreen } from '../screens/sale/SaleScreen';
import { SaleDetailsRoute } from '../screens/sales/SaleDetails';
import { SalesScreen } from '../screens/sales/SalesScreen';
import { StockScreen } from '../screens/stock/StockScreen';
import { DocView } from '../screens/stockdocs/DocView';
import { History } from '../screens/stockdocs/History';
import { StockDocsScreen } from '../screens/stockdocs/StockDocsScreen';
import { GoodsInScreen } from '../screens/goodsin/GoodsInScreen';
import { OrderEditor } from '../screens/goodsin/OrderEditor';
import { ReceiptEditor } from '../screens/goodsin/ReceiptEditor';
import { SupplierReturnRoute } from '../screens/goodsin/SupplierReturn';
import { SyncScreen } from '../screens/sync/SyncScreen';
import { OrdersScreen } from '../screens/orders/OrdersScreen';
import { allow, screenPath, upgradeLegacyHash, type RouterContext } from './guard';
import { catalogSearch, reportsSearch, salesSearch, stockSearch, supplierSearch } from './search';
import { ordersSearch } from './search';

const root = createRootRouteWithContext<RouterContext>()({
  component: AppFrame,
  // An unknown path (an old bookmark, a typo) opens the user's first screen.
  notFoundComponent: () => <Navigate to="/" replace />,
});

const index = createRoute({
  getParentRoute: () => root,
  path: '/',
  beforeLoad: ({ context }) => {
    const first = context.allowed[0];
    if (first) throw redirect({ to: screenPath(first), replace: true });
  },
  component: () => null,
});

const sale = createRoute({ getParentRoute: () => root, path: 'sale', beforeLoad: allow('sale'), component: SaleScreen });
const returns = createRoute({ getParentRoute: () => root, path: 'returns', beforeLoad: allow('returns'), component: ReturnsScreen });
const sales = createRoute({
  getParentRoute: () => root,
  path: 'sales',
  beforeLoad: allow('sales'),
  validateSearch: salesSearch,
  component: SalesScreen,
});
const saleDoc = createRoute({
  getParentRoute: () => sales,
  path: '$id',
  params: {
    parse: ({ id }) => ({ id: z.coerce.number().int().positive().parse(id) }),
    stringify: ({ id }) => ({ id: String(id) }),
  },
  // A malformed id in the URL shows the list rather than an error page.
  onError: () => {
    throw redirect({ to: '/sales', search: true, replace: true });
  },
  component: SaleDetailsRoute,
});
const stock = createRoute({
  getParentRoute: () => root,
  path: 'stock',
  beforeLoad: allow('stock'),
  validateSearch: stockSearch,
  component: StockScreen,
});
const catalog = createRoute({
  getParentRoute: () => root,
  path: 'catalog',
  beforeLoad: allow('catalog'),
  validateSearch: catalogSearch,
  component: CatalogScreen,
});
/** `#/catalog/42` edits a product, `#/catalog/new` makes one; a full screen of its own, not a dialog over the list. */
const product = createRoute({
  getParentRoute: () => root,
  path: 'catalog/$id',
  beforeLoad: allow('catalog'),
  params: {
    parse: ({ id }) => ({ id: id === 'new' ? ('new' as const) : z.coerce.number().int().positive().parse(id) }),
    stringify: ({ id }) => ({ id: String(id) }),
  },
  onError: () => {
    throw redirect({ to: '/catalog', replace: true });
  },
  component: ProductRoute,
});
const categories = createRoute({
  getParentRoute: () => root,
  path: 'categories',
  beforeLoad: allow('categories'),
  component: CategoriesScreen,
});
const suppliers = createRoute({
  getParentRoute: () => root,
  path: 'suppliers',
  beforeLoad: allow('suppliers'),
  validateSearch: supplierSearch,
  component: SuppliersScreen,
});
const stockdocs = createRoute({ getParentRoute: () => root, path: 'stockdocs', beforeLoad: allow('stockdocs') });
const idParam = {
  parse: ({ id }: { id: string }) => ({ id: z.coerce.number().int().positive().parse(id) }),
  stringify: ({ id }: { id: number }) => ({ id: String(id) }),
};
const stockdocsIndex = createRoute({ getParentRoute: () => stockdocs, path: '/', component: StockDocsScreen });
const stockDoc = createRoute({
  getParentRoute: () => stockdocs,
  path: '$id',
  params: idParam,
  onError: () => {
    throw redirect({ to: '/stockdocs', replace: true });
  },
  component: DocView,
});
const history = createRoute({
  getParentRoute: () => stockdocs,
  path: 'history/$productId',
  params: {
    parse: ({ productId }) => ({ productId: z.coerce.number().int().positive().parse(productId) }),
    stringify: ({ productId }) => ({ productId: String(productId) }),
  },
  onError: () => {
    throw redirect({ to: '/stock', replace: true });
  },
  component: History,
});
/** Goods in: `#/goodsin/orders/42` an order to a supplier, `#/goodsin/receipts/7` a receipt being checked (a draft). */
const goodsin = createRoute({ getParentRoute: () => root, path: 'goodsin', beforeLoad: allow('goodsin') });
const goodsinIndex = createRoute({ getParentRoute: () => goodsin, path: '/', component: GoodsInScreen });
const toGoodsin = () => {
  throw redirect({ to: '/goodsin', replace: true });
};
const purchaseOrder = createRoute({
  getParentRoute: () => goodsin,
  path: 'orders/$id',
  params: idParam,
  onError: toGoodsin,
  component: OrderEditor,
});
const receiptDraft = createRoute({
  getParentRoute: () => goodsin,
  path: 'receipts/$id',
  params: idParam,
  onError: toGoodsin,
  component: ReceiptEditor,
});
/** `#/goodsin/return?receipt=12`: goods back to the supplier, against receipt 12 when given. */
const supplierReturn = createRoute({
  getParentRoute: () => goodsin,
  path: 'return',
  validateSearch: z.object({ receipt: z.coerce.number().int().positive().optional().catch(undefined) }),
  component: SupplierReturnRoute,
});
const loss = createRoute({ getParentRoute: () => root, path: 'loss', beforeLoad: allow('loss'), component: LossScreen });
const reports = createRoute({
  getParentRoute: () => root,
  path: 'reports',
  beforeLoad: allow('reports'),
  validateSearch: reportsSearch,
  component: ReportsScreen,
});
const dashboard = createRoute({
  getParentRoute: () => root,
  path: 'dashboard',
  beforeLoad: allow('dashboard'),
  component: DashboardScreen,
});
const money = createRoute({ getParentRoute: () => root, path: 'money', beforeLoad: allow('money'), component: MoneyScreen });
const counts = createRoute({ getParentRoute: () => root, path: 'counts', beforeLoad: allow('counts') });
const countsList = createRoute({ getParentRoute: () => counts, path: '/', component: CountsScreen });
const countOne = createRoute({
  getParentRoute: () => counts,
  path: '$id',
  params: {
    parse: ({ id }) => ({ id: z.coerce.number().int().positive().parse(id) }),
    stringify: ({ id }) => ({ id: String(id) }),
  },
  onError: () => {
    throw redirect({ to: '/counts', replace: true });
  },
  component: function CountRoute() {
    const { id } = countOne.useParams();
    return <CountScreen key={id} id={id} />;
  },
});
const syncPanel = createRoute({ getParentRoute: () => root, path: 'sync', beforeLoad: allow('sync'), component: SyncScreen });
const onlineOrders = createRoute({
  getParentRoute: () => root,
  path: 'orders',
  beforeLoad: allow('orders'),
  validateSearch: ordersSearch,
  component: OrdersScreen,
});
const users = createRoute({ getParentRoute: () => root, path: 'users', beforeLoad: allow('users'), component: UsersScreen });
const backups = createRoute({ getParentRoute: () => root, path: 'backups', beforeLoad: allow('backups'), component: BackupsScreen });
const settings = createRoute({ getParentRoute: () => root, path: 'settings', beforeLoad: allow('settings'), component: SettingsScreen });
const audit = createRoute({ getParentRoute: () => root, path: 'audit', beforeLoad: allow('audit'), component: AuditScreen });
const pricelistImport = createRoute({
  getParentRoute: () => root,
  path: 'pricelists/import',
  beforeLoad: allow('pricelists'),
  component: () => <ImportWizard mode="pricelist" />,
});
/** New products from a file: the import wizard's catalog mode, opened from the catalog by those who edit it. */
const catalogImport = createRoute({
  getParentRoute: () => root,
  path: 'catalog/import',
  beforeLoad: allow('catalog'),
  component: CatalogImportRoute,
});

const routeTree = root.addChildren([
  index,
  sale,
  returns,
  sales.addChildren([saleDoc]),
  stock,
  catalog,
  product,
  categories,
  suppliers,
  stockdocs.addChildren([stockdocsIndex, stockDoc, history]),
  goodsin.addChildren([goodsinIndex, purchaseOrder, receiptDraft, supplierReturn]),
  loss,
  reports,
  dashboard,
  counts.addChildren([countsList, countOne]),
  syncPanel,
  onlineOrders,
  users,
  backups,
  settings,
  audit,
  pricelistImport,
  catalogImport,
  money,
]);

/** One router per signed-in shell: it reads the URL as it is when the user signs in. */
export function createAppRouter(context: RouterContext) {
  upgradeLegacyHash();
  return createRouter({ routeTree, history: createHashHistory(), context, defaultPreload: false, scrollRestoration: false });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}

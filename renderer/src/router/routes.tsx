// The screens as a code-based route tree over hash history: `#/sales?type=return`, `#/sales/42`. Hash URLs work the same
// in browser mode and under Electron's app://lavka/ (no server round trip decides which page a path is).
import { createHashHistory, createRootRouteWithContext, createRoute, createRouter, Navigate, redirect } from '@tanstack/react-router';
import { z } from 'zod';
import { AppFrame } from '../layout/AppFrame';
import { AuditScreen } from '../screens/admin/AuditScreen';
import { BackupsScreen } from '../screens/admin/BackupsScreen';
import { SettingsScreen } from '../screens/admin/SettingsScreen';
import { UsersScreen } from '../screens/admin/UsersScreen';
import { PriceListImportScreen } from '../screens/import/PriceListImportScreen';
import { LossScreen } from '../screens/loss/LossScreen';
import { ReturnsScreen } from '../screens/returns/ReturnsScreen';
import { SaleScreen } from '../screens/sale/SaleScreen';
import { SaleDetailsRoute } from '../screens/sales/SaleDetails';
import { SalesScreen } from '../screens/sales/SalesScreen';
import { StockScreen } from '../screens/stock/StockScreen';
import { allow, screenPath, upgradeLegacyHash, type RouterContext } from './guard';
import { salesSearch, stockSearch } from './search';

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
const loss = createRoute({ getParentRoute: () => root, path: 'loss', beforeLoad: allow('loss'), component: LossScreen });
const users = createRoute({ getParentRoute: () => root, path: 'users', beforeLoad: allow('users'), component: UsersScreen });
const backups = createRoute({ getParentRoute: () => root, path: 'backups', beforeLoad: allow('backups'), component: BackupsScreen });
const settings = createRoute({ getParentRoute: () => root, path: 'settings', beforeLoad: allow('settings'), component: SettingsScreen });
const audit = createRoute({ getParentRoute: () => root, path: 'audit', beforeLoad: allow('audit'), component: AuditScreen });
const pricelistImport = createRoute({
  getParentRoute: () => root,
  path: 'pricelists/import',
  beforeLoad: allow('pricelists'),
  component: PriceListImportScreen,
});

const routeTree = root.addChildren([
  index,
  sale,
  returns,
  sales.addChildren([saleDoc]),
  stock,
  loss,
  users,
  backups,
  settings,
  audit,
  pricelistImport,
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

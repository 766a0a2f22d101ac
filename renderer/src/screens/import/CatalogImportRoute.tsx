import { Navigate } from '@tanstack/react-router';
import { useSession } from '../../session/session';
import { ImportWizard } from './ImportWizard';

/** `#/catalog/import`: the catalog screen is open to stock keepers too; importing products needs catalog.edit. */
export function CatalogImportRoute() {
  const { can } = useSession();
  if (!can('catalog.edit')) return <Navigate to="/catalog" replace />;
  return <ImportWizard mode="catalog" />;
}

import { useMemo } from 'react';
import { useApiQuery } from '../../api/hooks';

/**
 * The suppliers as select options: a shop deals with tens of them, so the first page (the list's largest) holds them
 * all; archived ones stay listed so a product that names one still shows it.
 */
export function useSupplierChoices() {
  const q = useApiQuery('supplier.list', { limit: 500, filters: { archived: 'all' } }, { staleTime: 30_000 });
  // The same array while the list is: a memoised select given it does not re-render.
  const options = useMemo(() => (q.data?.rows ?? []).map((s) => ({ value: String(s.id), label: s.name })), [q.data]);
  return { ...q, options };
}

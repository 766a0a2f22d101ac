import { NativeSelect } from '@mantine/core';
import { useApiQuery } from '../../api/hooks';

interface Props {
  label: string;
  value: number | null;
  onChange(id: number | null): void;
  /** The label of "none chosen"; every supplier listed after it. */
  empty?: string;
  testId?: string;
  disabled?: boolean;
}

/** The shop's active suppliers by name (a small shop deals with dozens, not thousands). */
export function SupplierSelect({ label, value, onChange, empty = '—', testId, disabled }: Props) {
  const list = useApiQuery('supplier.list', { limit: 500 }, { staleTime: 60_000 });
  const data = [{ value: '', label: empty }, ...(list.data?.rows ?? []).map((s) => ({ value: String(s.id), label: s.name }))];
  // A supplier archived since the document was made still shows by its id rather than as "none".
  if (value && !data.some((d) => d.value === String(value))) data.push({ value: String(value), label: `#${value}` });
  return (
    <NativeSelect
      label={label}
      data-testid={testId}
      data={data}
      value={value ? String(value) : ''}
      disabled={disabled}
      onChange={(e) => onChange(e.currentTarget.value ? Number(e.currentTarget.value) : null)}
    />
  );
}

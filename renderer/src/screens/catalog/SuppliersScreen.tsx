import { Badge, Button, Checkbox, Group, Modal, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { supplierUpsertInput } from '../../../../core/contract/methods/suppliers';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import type { ApiOutput } from '../../api/types';
import type { SupplierSearch } from '../../router/search';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SwitchField, TextField } from '../../ui/form/fields';
import { useZodForm } from '../../ui/form/useZodForm';
import { SearchField } from '../../ui/search/SearchField';
import { inlineTouch } from '../admin/touch';

type Supplier = ApiOutput<'supplier.get'>;
const rule = supplierUpsertInput.shape;
/** An empty field is "none" (null), anything typed must pass the contract's rule. */
const orNull = <T extends z.ZodType<string | null, string | null>>(s: T) =>
  z
    .string()
    .transform((v): string | null => v.trim() || null)
    .pipe(s);

const supplierForm = z.object({
  name: rule.name,
  taxId: orNull(rule.taxId.unwrap()),
  phone: orNull(rule.phone.unwrap()),
  email: orNull(rule.email.unwrap()),
  contact: orNull(rule.contact.unwrap()),
  address: orNull(rule.address.unwrap()),
  paymentTermsDays: z
    .string()
    .transform((s) => (s.trim() ? Number(s) : 0))
    .pipe(rule.paymentTermsDays.unwrap()),
  note: orNull(rule.note.unwrap()),
  archived: z.boolean(),
});

/**
 * The supplier directory: tens of suppliers, so one page of supplier.list (its largest) is the whole list, searched
 * as the user types.
 */
export function SuppliersScreen() {
  const { t } = useTranslation();
  const search = useSearch({ from: '/suppliers' });
  const navigate = useNavigate({ from: '/suppliers' });
  const setSearch = (patch: Partial<SupplierSearch>) => void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });
  const list = useApiQuery(
    'supplier.list',
    { limit: 500, filters: { ...(search.q ? { q: search.q } : {}), archived: search.archived ?? 'active' } },
    { staleTime: 0, placeholderData: (prev) => prev },
  );
  const [edit, setEdit] = useState<Supplier | 'new' | null>(null);

  return (
    <Stack h="calc(100dvh - var(--app-shell-header-offset, 64px) - 2 * var(--mantine-spacing-md))" maw={1200} mx="auto" gap="sm">
      <Group justify="space-between">
        <Title order={2}>{t('suppliers.title')}</Title>
        <Button data-testid="supplier-add" onClick={() => setEdit('new')}>
          {t('suppliers.add')}
        </Button>
      </Group>
      <Group gap="sm" align="end">
        <SearchField
          style={{ flex: 1 }}
          miw={220}
          data-testid="supplier-search"
          aria-label={t('suppliers.search')}
          placeholder={t('suppliers.search')}
          initial={search.q ?? ''}
          onSearch={(q) => setSearch({ q: q || undefined })}
        />
        <Checkbox
          label={t('suppliers.showArchived')}
          checked={search.archived === 'all'}
          onChange={(e) => setSearch({ archived: e.currentTarget.checked ? 'all' : undefined })}
          styles={inlineTouch}
        />
      </Group>
      <ErrorAlert error={list.error} />
      {list.isSuccess && !list.data.rows.length && <Text c="dimmed">{t('suppliers.empty')}</Text>}
      <Paper withBorder style={{ flex: 1, minHeight: 0, overflow: 'auto' }} tabIndex={0} role="region" aria-label={t('suppliers.list')}>
        <Table striped highlightOnHover verticalSpacing="xs" data-testid="supplier-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('suppliers.name')}</Table.Th>
              <Table.Th>{t('suppliers.taxId')}</Table.Th>
              <Table.Th>{t('suppliers.phone')}</Table.Th>
              <Table.Th>{t('suppliers.contact')}</Table.Th>
              <Table.Th>{t('suppliers.termsShort')}</Table.Th>
              <Table.Th>{t('suppliers.products')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data?.rows.map((s) => (
              <Table.Tr key={s.id} data-testid="supplier-row" data-supplier-id={s.id} data-name={s.name}>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Button variant="subtle" px={4} onClick={() => setEdit(s)} data-testid="supplier-open">
                      {s.name}
                    </Button>
                    {s.archived && (
                      <Badge color="gray" variant="light">
                        {t('suppliers.archived')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td ff="monospace">{s.taxId ?? ''}</Table.Td>
                <Table.Td>{s.phone ?? ''}</Table.Td>
                <Table.Td>{s.contact ?? ''}</Table.Td>
                <Table.Td>{t('suppliers.days', { count: s.paymentTermsDays })}</Table.Td>
                <Table.Td>{s.products}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      {edit && <SupplierDialog supplier={edit === 'new' ? null : edit} onClose={() => setEdit(null)} />}
    </Stack>
  );
}

function SupplierDialog({ supplier, onClose }: { supplier: Supplier | null; onClose(): void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const save = useApiMutation('supplier.upsert');
  const form = useZodForm(supplierForm, {
    defaultValues: {
      name: supplier?.name ?? '',
      taxId: supplier?.taxId ?? '',
      phone: supplier?.phone ?? '',
      email: supplier?.email ?? '',
      contact: supplier?.contact ?? '',
      address: supplier?.address ?? '',
      paymentTermsDays: String(supplier?.paymentTermsDays ?? 0),
      note: supplier?.note ?? '',
      archived: supplier?.archived ?? false,
    },
  });
  const submit = form.handleSubmit((v) => {
    if (save.isPending) return;
    save.mutate(
      { ...(supplier ? { id: supplier.id } : {}), ...v },
      {
        onSuccess: () => {
          void client.invalidateQueries({ queryKey: ['supplier.list'] });
          void client.invalidateQueries({ queryKey: ['supplier.get'] });
          onClose();
        },
      },
    );
  });
  return (
    <Modal
      opened
      onClose={save.isPending ? () => {} : onClose}
      title={supplier ? t('suppliers.editTitle', { name: supplier.name }) : t('suppliers.newTitle')}
      centered
      size="lg"
    >
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="supplier-dialog">
        <Stack>
          <TextField
            control={form.control}
            name="name"
            label={t('suppliers.name')}
            data-testid="supplier-name"
            data-autofocus
            maxLength={200}
            required
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextField
              control={form.control}
              name="taxId"
              label={t('suppliers.taxId')}
              data-testid="supplier-tax-id"
              messages={{ invalid_format: 'suppliers.badTaxId' }}
              maxLength={20}
            />
            <TextField
              control={form.control}
              name="paymentTermsDays"
              label={t('suppliers.terms')}
              data-testid="supplier-terms"
              inputMode="numeric"
              clean={(s) => s.replace(/\D/g, '').slice(0, 3)}
              messages={{ too_big: 'suppliers.badDays' }}
            />
            <TextField control={form.control} name="phone" label={t('suppliers.phone')} type="tel" maxLength={40} />
            <TextField
              control={form.control}
              name="email"
              label={t('suppliers.email')}
              type="email"
              messages={{ invalid_format: 'suppliers.badEmail' }}
              maxLength={200}
            />
          </SimpleGrid>
          <TextField control={form.control} name="contact" label={t('suppliers.contact')} maxLength={200} />
          <TextField control={form.control} name="address" label={t('suppliers.address')} maxLength={500} />
          <TextField control={form.control} name="note" label={t('suppliers.note')} maxLength={1000} />
          <SwitchField control={form.control} name="archived" label={t('suppliers.archived')} styles={inlineTouch} />
          <ErrorAlert error={save.error} testId="supplier-save-error" />
          <Group grow>
            <Button variant="default" onClick={onClose} disabled={save.isPending}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="supplier-save">
              {t('admin.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

import { Badge, Button, Group, Modal, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { categoryUpsertInput } from '../../../../core/contract/methods/categories';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import { parseDecimal } from '../../i18n/format';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, SwitchField, TextField } from '../../ui/form/fields';
import { useZodForm } from '../../ui/form/useZodForm';
import { inlineTouch } from '../admin/touch';
import { bpToPercent } from '../admin/settingsForm';
import { categoryOptions, flattenTree, type Category } from './categoryTree';

const rule = categoryUpsertInput.shape;
const ROUNDINGS = ['none', 'whole', '90', '99'] as const;

/** The dialog's fields as typed, checked by category.upsert's own field rules. */
const categoryForm = z.object({
  name: rule.name,
  parentId: z.string().transform((s) => (s ? Number(s) : null)),
  markup: z.string().transform((s, ctx): number | null => {
    if (!s.trim()) return null;
    const bp = parseDecimal(s.trim(), 2);
    if (bp === null || bp > 100_000) {
      ctx.addIssue({ code: 'custom', message: JSON.stringify({ key: 'categories.badPercent' }) });
      return z.NEVER;
    }
    return bp;
  }),
  rounding: z.enum(['', ...ROUNDINGS]),
  archived: z.boolean(),
});

/** The category tree: where products belong and, per branch, the markup over cost and the rounding of prices. */
export function CategoriesScreen() {
  const { t } = useTranslation();
  const categories = useApiQuery('category.list', {}, { staleTime: 0 });
  const [edit, setEdit] = useState<{ category: Category | null; parentId: number | null } | null>(null);
  const tree = useMemo(() => flattenTree(categories.data ?? []), [categories.data]);
  const rounding = (r: string) => t(`bulk.roundNames.${r as (typeof ROUNDINGS)[number]}`);

  return (
    <Stack h="calc(100dvh - var(--app-shell-header-offset, 64px) - 2 * var(--mantine-spacing-md))" maw={1100} mx="auto" gap="sm">
      <Group justify="space-between">
        <Title order={2}>{t('categories.title')}</Title>
        <Button data-testid="category-add" onClick={() => setEdit({ category: null, parentId: null })}>
          {t('categories.add')}
        </Button>
      </Group>
      <ErrorAlert error={categories.error} />
      {categories.isSuccess && !tree.length && <Text c="dimmed">{t('categories.empty')}</Text>}
      <Paper withBorder style={{ flex: 1, minHeight: 0, overflow: 'auto' }} tabIndex={0} role="region" aria-label={t('categories.tree')}>
        <Table verticalSpacing="xs" data-testid="category-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('categories.name')}</Table.Th>
              <Table.Th>{t('categories.markup')}</Table.Th>
              <Table.Th>{t('categories.rounding')}</Table.Th>
              <Table.Th>{t('catalog.list')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('categories.add')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tree.map(({ category: c, depth }) => (
              <Table.Tr key={c.id} data-testid="category-row" data-category-id={c.id} data-name={c.name}>
                <Table.Td style={{ paddingInlineStart: `calc(${depth * 1.5}rem + var(--table-horizontal-spacing, 0.75rem))` }}>
                  <Group gap="xs" wrap="nowrap">
                    <Text fw={depth ? 400 : 600}>{c.name}</Text>
                    {c.archived && (
                      <Badge color="gray" variant="light">
                        {t('categories.archived')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td c={c.markupBp === null ? 'dimmed' : undefined}>
                  {c.effectiveMarkupBp === null ? t('categories.noMarkup') : `${bpToPercent(c.effectiveMarkupBp)} %`}
                </Table.Td>
                <Table.Td c={c.rounding === null ? 'dimmed' : undefined}>{rounding(c.effectiveRounding)}</Table.Td>
                <Table.Td>{c.products}</Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end" wrap="nowrap">
                    <Button
                      size="xs"
                      variant="default"
                      aria-label={t('categories.edit', { name: c.name })}
                      onClick={() => setEdit({ category: c, parentId: c.parentId })}
                    >
                      {t('admin.edit')}
                    </Button>
                    <Button
                      size="xs"
                      variant="subtle"
                      aria-label={t('categories.addChild', { name: c.name })}
                      onClick={() => setEdit({ category: null, parentId: c.id })}
                    >
                      +
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      {edit && <CategoryDialog {...edit} categories={categories.data ?? []} onClose={() => setEdit(null)} />}
    </Stack>
  );
}

function CategoryDialog({
  category,
  parentId,
  categories,
  onClose,
}: {
  category: Category | null;
  parentId: number | null;
  categories: Category[];
  onClose(): void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const save = useApiMutation('category.upsert');
  const form = useZodForm(categoryForm, {
    defaultValues: {
      name: category?.name ?? '',
      parentId: parentId ? String(parentId) : '',
      markup: category?.markupBp != null ? bpToPercent(category.markupBp) : '',
      rounding: category?.rounding ?? '',
      archived: category?.archived ?? false,
    },
  });
  const submit = form.handleSubmit((v) => {
    if (save.isPending) return;
    save.mutate(
      {
        ...(category ? { id: category.id } : {}),
        name: v.name,
        parentId: v.parentId,
        markupBp: v.markup,
        rounding: v.rounding || null,
        archived: v.archived,
      },
      {
        onSuccess: () => {
          void client.invalidateQueries({ queryKey: ['category.list'] });
          onClose();
        },
      },
    );
  });

  return (
    <Modal
      opened
      onClose={save.isPending ? () => {} : onClose}
      title={category ? t('categories.editTitle', { name: category.name }) : t('categories.newTitle')}
      centered
    >
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="category-dialog">
        <Stack>
          <TextField
            control={form.control}
            name="name"
            label={t('categories.name')}
            data-testid="category-name"
            data-autofocus
            maxLength={100}
            required
          />
          <SelectField
            size="lg"
            control={form.control}
            name="parentId"
            label={t('categories.parent')}
            data-testid="category-parent"
            data={[{ value: '', label: t('categories.top') }, ...categoryOptions(categories, category?.id)]}
          />
          <TextField
            control={form.control}
            name="markup"
            label={t('categories.markup')}
            description={t('categories.markupHint')}
            data-testid="category-markup"
            inputMode="decimal"
          />
          <SelectField
            size="lg"
            control={form.control}
            name="rounding"
            label={t('categories.rounding')}
            data-testid="category-rounding"
            data={[
              { value: '', label: t('categories.inherit') },
              ...ROUNDINGS.map((r) => ({ value: r, label: t(`bulk.roundNames.${r}`) })),
            ]}
          />
          <SwitchField control={form.control} name="archived" label={t('categories.archived')} styles={inlineTouch} />
          <ErrorAlert error={save.error} testId="category-save-error" />
          <Group grow>
            <Button variant="default" onClick={onClose} disabled={save.isPending}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="category-save">
              {t('admin.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

import { ActionIcon, Alert, Box, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCanGoBack, useNavigate, useParams, useRouter } from '@tanstack/react-router';
import { useMemo, useState, type ReactNode } from 'react';
import { useFieldArray } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { errorCode } from '../../api/client';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import type { ApiOutput, Unit } from '../../api/types';
import { useSession } from '../../session/session';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, SwitchField, TextField } from '../../ui/form/fields';
import { useZodForm } from '../../ui/form/useZodForm';
import { useFormat } from '../../ui/format';
import { Loading } from '../../ui/Loading';
import { inlineTouch } from '../admin/touch';
import { categoryOptions } from './categoryTree';
import { LabelsDialog } from './LabelsDialog';
import { emptyFields, fieldOfFailure, fieldsOf, productForm, upsertInput } from './productForm';
import { useSupplierChoices } from './useSupplierChoices';

type Detail = ApiOutput<'catalog.get'>;
const UNITS: Unit[] = ['pcs', 'kg', 'l', 'm'];

/** `#/catalog/42` edits product 42, `#/catalog/new` makes one. */
export function ProductRoute() {
  const { id } = useParams({ from: '/catalog/$id' });
  const product = useApiQuery('catalog.get', { id: id === 'new' ? 0 : id }, { enabled: id !== 'new', staleTime: 0 });
  const settings = useApiQuery('settings.get', {}, { staleTime: 60_000 });
  if (id !== 'new' && product.isError) return <ErrorAlert error={product.error} testId="product-error" />;
  if ((id !== 'new' && product.isPending) || settings.isPending) return <Loading />;
  if (settings.isError) return <ErrorAlert error={settings.error} />;
  // A new key per product: the form starts from that product's values.
  const detail = id === 'new' ? null : product.data!;
  return <ProductEditor key={detail?.id ?? 'new'} product={detail} taxRates={settings.data.taxRates} />;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Stack gap="sm">
        <Title order={3} size="h4">
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

function ProductEditor({ product, taxRates }: { product: Detail | null; taxRates: { name: string; rateBp: number }[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  const router = useRouter();
  const canGoBack = useCanGoBack();
  const categories = useApiQuery('category.list', {}, { staleTime: 30_000 });
  const suppliers = useSupplierChoices();
  const save = useApiMutation('catalog.upsert');
  const newCode = useApiMutation('catalog.newBarcode');
  const [saved, setSaved] = useState(false);
  const [labels, setLabels] = useState(false);

  const canEdit = can('catalog.edit');
  // The core asks for price.edit only to change an existing product's price or cost; a new product needs a price.
  const priceLocked = !!product && !can('price.edit');
  const schema = useMemo(() => productForm(f.parseMoney), [f.parseMoney]);
  const defaultTax = taxRates[0]?.rateBp ?? 0;
  const form = useZodForm(schema, { defaultValues: product ? fieldsOf(product, f.moneyInput) : emptyFields(defaultTax) });
  const barcodes = useFieldArray({ control: form.control, name: 'barcodes' });
  const articles = useFieldArray({ control: form.control, name: 'articles' });

  const back = () => (canGoBack ? router.history.back() : void navigate({ to: '/catalog' }));
  const taxOptions = [...new Map([...taxRates.map((r) => [r.rateBp, r.name] as const)]).entries()];
  const currentTax = product?.taxRateBp;
  if (currentTax !== undefined && !taxOptions.some(([bp]) => bp === currentTax)) taxOptions.push([currentTax, '']);
  const supplierOptions = [{ value: '', label: t('product.noSupplier') }, ...suppliers.options];

  const submit = form.handleSubmit((v) => {
    if (save.isPending) return;
    setSaved(false);
    save.mutate(upsertInput(v, product?.id ?? null), {
      onSuccess: (p) => {
        client.setQueryData(['catalog.get', { id: p.id }], p);
        void client.invalidateQueries({ queryKey: ['catalog.list'] });
        void client.invalidateQueries({ queryKey: ['catalog.search'] });
        form.reset(fieldsOf(p, f.moneyInput));
        setSaved(true);
        if (!product) void navigate({ to: '/catalog/$id', params: { id: p.id }, replace: true });
      },
      onError: (err) => {
        const field = fieldOfFailure(errorCode(err), err.message, form.getValues());
        if (field) {
          form.setError(field.name, { type: 'server', message: field.message }, { shouldFocus: true });
          save.reset();
        }
      },
    });
  });

  const addInStoreCode = () =>
    newCode.mutate({ prefix: '20' }, { onSuccess: ({ code }) => barcodes.append({ code }, { shouldFocus: false }) });

  return (
    <Stack h="calc(100dvh - var(--app-shell-header-offset, 64px) - 2 * var(--mantine-spacing-md))" gap="sm">
      <form
        onSubmit={(e) => void submit(e)}
        noValidate
        data-testid="product-editor"
        data-product-id={product?.id ?? ''}
        style={{ display: 'contents' }}
      >
        <Group justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Button variant="default" onClick={back} data-testid="product-back" flex="none">
              {t('product.back')}
            </Button>
            <Title order={2} size="h3" lineClamp={1}>
              {product ? t('product.editTitle', { name: product.name }) : t('product.newTitle')}
            </Title>
          </Group>
          <Group gap="xs" wrap="nowrap" flex="none">
            {product && (
              <Button variant="default" onClick={() => setLabels(true)} data-testid="product-labels">
                {t('labels.print')}
              </Button>
            )}
            {canEdit && (
              <Button type="submit" loading={save.isPending} data-testid="product-save">
                {t('product.save')}
              </Button>
            )}
          </Group>
        </Group>
        {saved && !form.formState.isDirty && (
          <Alert color="teal" variant="light" role="status" data-testid="product-saved" py="xs">
            {t('product.saved')}
          </Alert>
        )}
        {!canEdit && (
          <Alert variant="light" py="xs">
            {t('product.readOnly')}
          </Alert>
        )}
        <ErrorAlert error={save.error ?? newCode.error} testId="product-save-error" />
        <Box style={{ flex: 1, minHeight: 0, overflowY: 'auto' }}>
          <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
              <Section title={t('product.main')}>
                <TextField
                  control={form.control}
                  name="name"
                  label={t('product.name')}
                  data-testid="product-name"
                  maxLength={200}
                  required
                />
                <SimpleGrid cols={2}>
                  <TextField control={form.control} name="sku" label={t('product.sku')} data-testid="product-sku" maxLength={64} required />
                  <SelectField
                    size="lg"
                    control={form.control}
                    name="unit"
                    label={t('product.unit')}
                    data-testid="product-unit"
                    data={UNITS.map((u) => ({ value: u, label: t(`product.unitNames.${u}`) }))}
                  />
                </SimpleGrid>
                <SelectField
                  size="lg"
                  control={form.control}
                  name="categoryId"
                  label={t('product.category')}
                  data-testid="product-category"
                  data={[{ value: '', label: t('product.noCategory') }, ...categoryOptions(categories.data ?? [])]}
                />
                <SelectField
                  size="lg"
                  control={form.control}
                  name="supplierId"
                  label={t('product.supplier')}
                  data-testid="product-supplier"
                  data={supplierOptions}
                />
                <TextField
                  control={form.control}
                  name="plu"
                  label={t('product.plu')}
                  data-testid="product-plu"
                  inputMode="numeric"
                  clean={(s) => s.replace(/\D/g, '').slice(0, 6)}
                />
                <SwitchField
                  control={form.control}
                  name="archived"
                  label={t('product.archived')}
                  data-testid="product-archived"
                  styles={inlineTouch}
                />
              </Section>
              <Stack gap="md">
                <Section title={t('product.pricing')}>
                  <SimpleGrid cols={2}>
                    <TextField
                      control={form.control}
                      name="price"
                      label={t('product.price')}
                      data-testid="product-price"
                      inputMode="decimal"
                      disabled={priceLocked}
                      required
                    />
                    <TextField
                      control={form.control}
                      name="cost"
                      label={t('product.cost')}
                      data-testid="product-cost"
                      inputMode="decimal"
                      disabled={priceLocked}
                    />
                  </SimpleGrid>
                  {priceLocked && (
                    <Text size="sm" c="dimmed" data-testid="product-price-locked">
                      {t('product.priceLocked')}
                    </Text>
                  )}
                  <SelectField
                    size="lg"
                    control={form.control}
                    name="taxRateBp"
                    label={t('product.tax')}
                    data-testid="product-tax"
                    data={taxOptions.map(([bp, name]) => ({ value: String(bp), label: name || `${bp / 100} %` }))}
                  />
                </Section>
                <Section title={t('product.stock')}>
                  <SimpleGrid cols={2}>
                    <TextField
                      control={form.control}
                      name="minStock"
                      label={t('product.minStock')}
                      description={t('product.levelHint')}
                      data-testid="product-min"
                      inputMode="decimal"
                    />
                    <TextField
                      control={form.control}
                      name="maxStock"
                      label={t('product.maxStock')}
                      description={t('product.levelHint')}
                      data-testid="product-max"
                      inputMode="decimal"
                    />
                  </SimpleGrid>
                  {product && <Text size="sm">{t('product.onHand', { qty: f.qty(product.onHand, product.unit) })}</Text>}
                </Section>
              </Stack>
              <Section title={t('product.barcodes')}>
                {!barcodes.fields.length && (
                  <Text size="sm" c="dimmed">
                    {t('product.noBarcodes')}
                  </Text>
                )}
                {barcodes.fields.map((row, i) => (
                  <Group key={row.id} gap="xs" wrap="nowrap" align="flex-start">
                    <TextField
                      control={form.control}
                      name={`barcodes.${i}.code`}
                      aria-label={t('product.barcode', { n: i + 1 })}
                      data-testid={`product-barcode-${i}`}
                      inputMode="numeric"
                      ff="monospace"
                      clean={(s) => s.replace(/\D/g, '').slice(0, 14)}
                      style={{ flex: 1 }}
                    />
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      size={36}
                      aria-label={t('product.removeBarcode', { n: i + 1 })}
                      title={t('product.removeBarcode', { n: i + 1 })}
                      data-testid={`product-barcode-remove-${i}`}
                      onClick={() => barcodes.remove(i)}
                    >
                      ✕
                    </ActionIcon>
                  </Group>
                ))}
                <Group gap="xs">
                  <Button variant="default" onClick={() => barcodes.append({ code: '' })} data-testid="product-barcode-add">
                    {t('product.addBarcode')}
                  </Button>
                  <Button variant="default" onClick={addInStoreCode} loading={newCode.isPending} data-testid="product-barcode-new">
                    {t('product.newCode')}
                  </Button>
                </Group>
              </Section>
              <Section title={t('product.articles')}>
                {articles.fields.map((row, i) => (
                  <Group key={row.id} gap="xs" wrap="nowrap" align="flex-start">
                    <SelectField
                      size="lg"
                      control={form.control}
                      name={`articles.${i}.supplierId`}
                      aria-label={t('product.articleSupplier', { n: i + 1 })}
                      data={suppliers.options}
                      style={{ flex: 1 }}
                    />
                    <TextField
                      control={form.control}
                      name={`articles.${i}.article`}
                      aria-label={t('product.articleCode', { n: i + 1 })}
                      maxLength={64}
                      style={{ flex: 1 }}
                    />
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      size={36}
                      aria-label={t('product.removeArticle', { n: i + 1 })}
                      title={t('product.removeArticle', { n: i + 1 })}
                      onClick={() => articles.remove(i)}
                    >
                      ✕
                    </ActionIcon>
                  </Group>
                ))}
                <Group>
                  <Button
                    variant="default"
                    disabled={!suppliers.options.length}
                    onClick={() => articles.append({ supplierId: suppliers.options[0]?.value ?? '', article: '' })}
                  >
                    {t('product.addArticle')}
                  </Button>
                </Group>
              </Section>
            </SimpleGrid>
          </fieldset>
        </Box>
      </form>
      {labels && product && <LabelsDialog productIds={[product.id]} onClose={() => setLabels(false)} />}
    </Stack>
  );
}

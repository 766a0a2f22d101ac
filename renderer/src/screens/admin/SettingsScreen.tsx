import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, type ReactNode } from 'react';
import { get, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useApiMutation, useApiQuery } from '../../api/hooks';
import type { ApiOutput } from '../../api/types';
import { useSession } from '../../session/session';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { Loading } from '../../ui/Loading';
import { roleLabel } from '../../ui/roles';
import { segmentTouch } from '../../ui/touch';
import { PrinterBadge } from './PrinterBadge';
import { zodResolver } from '@hookform/resolvers/zod';
import { errorText } from '../../ui/form/messages';
import {
  fromSettings,
  withCheckDigit,
  rowKey,
  settingsSchema,
  valueDigits,
  type Form,
  type RuleKind,
  type SetInput,
  type Suffix,
  type Transport,
} from './settingsForm';
import { inlineTouch } from './touch';

type Settings = ApiOutput<'settings.get'>;

/** Shop details, taxes and the counter's devices and rules; saved together with one settings.set. */
export function SettingsScreen() {
  const settings = useApiQuery('settings.get', {}, { staleTime: 0 });
  if (settings.isPending) return <Loading />;
  if (settings.isError) return <ErrorAlert error={settings.error} testId="settings-error" />;
  return <SettingsForm settings={settings.data} />;
}

const PREFIXES = Array.from({ length: 10 }, (_, i) => String(20 + i));
const digitsOnly = (s: string, max = 9) => s.replace(/\D/g, '').slice(0, max);

function Section({ title, right, children, testId }: { title: string; right?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <Paper withBorder p="md" data-testid={testId}>
      <Stack>
        <Group justify="space-between">
          <Title order={4}>{title}</Title>
          {right}
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}

function RemoveButton({ label, onClick, testId }: { label: string; onClick(): void; testId?: string }) {
  return (
    <ActionIcon
      variant="subtle"
      color="red"
      aria-label={label}
      title={label}
      onClick={onClick}
      data-testid={testId}
      mt={{ base: 0, sm: 30 }}
    >
      ✕
    </ActionIcon>
  );
}

function SettingsForm({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const f = useFormat();
  const client = useQueryClient();
  const { can, info } = useSession();
  const save = useApiMutation('settings.set');
  const roles = useApiQuery('roles.list', {}, { enabled: can('users.manage') });
  // react-hook-form holds the fields; its resolver is the screen's checks piped into settings.set's own schema.
  const schema = useMemo(() => settingsSchema(f.parseMoney), [f.parseMoney]);
  const rhf = useForm<Form, unknown, SetInput>({
    defaultValues: fromSettings(settings, f.moneyInput),
    resolver: zodResolver(schema),
    mode: 'onChange',
  });
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler in this build; the screen re-renders on every change as it did with useState.
  const form = rhf.watch();
  const { errors, isSubmitted, isValid } = rhf.formState;
  /** A field's problem in the user's language: wrong values at once, missing ones after a try to save. */
  const err = (path: string): string | null => {
    const e = get(errors, path) as { message?: string; type?: string } | undefined;
    if (!e || (!isSubmitted && e.message?.includes('admin.settings.required'))) return null;
    return errorText(t, e);
  };

  const set = (patch: Partial<Form>) => {
    for (const [k, v] of Object.entries(patch)) rhf.setValue(k as keyof Form, v as never, { shouldDirty: true, shouldValidate: true });
    if (save.isSuccess || save.isError) save.reset();
  };
  const setPrinter = (patch: Partial<Form['printer']>) => set({ printer: { ...form.printer, ...patch } });
  const setScanner = (patch: Partial<Form['scanner']>) => set({ scanner: { ...form.scanner, ...patch } });

  // Roles for the discount limits: the shop's roles when this user may list them, else those already configured.
  const roleIds = [...new Set([...(roles.data?.map((r) => r.id) ?? []), ...Object.keys(form.maxDiscount)])];
  const roleName = (id: string) => {
    const r = roles.data?.find((x) => x.id === id);
    return r && !r.builtin ? r.name : roleLabel(t, id);
  };

  const submit = rhf.handleSubmit((input) => {
    if (save.isPending) return;
    save.mutate(input, {
      onSuccess: (saved) => {
        client.setQueryData(['settings.get', {}], saved);
        // Shop name, currency and language show in the header; the printer reloads its settings.
        void client.invalidateQueries({ queryKey: ['system.info'] });
        void client.invalidateQueries({ queryKey: ['printer.status'] });
      },
    });
  });

  const pr = form.printer;
  const exampleValue = (kind: RuleKind) => (kind === 'weight_g' ? f.qty(1250, 'kg') : f.money(1250));

  return (
    <form onSubmit={(e) => void submit(e)} noValidate data-testid="settings-form">
      <Stack maw={1100} mx="auto" pb={90}>
        <Title order={2}>{t('admin.settings.title')}</Title>

        <Section title={t('admin.settings.shop')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('admin.settings.shopName')}
              data-testid="settings-shop-name"
              value={form.shopName}
              maxLength={100}
              onChange={(e) => set({ shopName: e.currentTarget.value })}
              error={err('shopName')}
            />
            <TextInput
              label={t('admin.settings.shopAddress')}
              data-testid="settings-shop-address"
              value={form.shopAddress}
              maxLength={300}
              onChange={(e) => set({ shopAddress: e.currentTarget.value })}
            />
            <TextInput
              label={t('admin.settings.currency')}
              data-testid="settings-currency"
              value={form.currency}
              maxLength={3}
              autoComplete="off"
              onChange={(e) => set({ currency: e.currentTarget.value.toUpperCase().replace(/[^A-Z]/g, '') })}
              error={err('currency')}
            />
            <Stack gap={4}>
              <Text size="sm" fw={500} id="settings-locale-label">
                {t('admin.settings.language')}
              </Text>
              <SegmentedControl
                aria-labelledby="settings-locale-label"
                data-testid="settings-locale"
                value={form.locale}
                onChange={(v) => set({ locale: v as Form['locale'] })}
                data={[
                  { value: 'en', label: t('lang.en') },
                  { value: 'ru', label: t('lang.ru') },
                ]}
                styles={segmentTouch}
              />
            </Stack>
            <Stack gap={4}>
              <Text size="sm" fw={500} id="settings-negative-label">
                {t('stockdocs.negativePolicy')}
              </Text>
              <SegmentedControl
                aria-labelledby="settings-negative-label"
                data-testid="settings-negative-stock"
                value={form.negativeStock}
                onChange={(v) => set({ negativeStock: v as Form['negativeStock'] })}
                data={[
                  { value: 'allow', label: t('stockdocs.negativeAllow') },
                  { value: 'block', label: t('stockdocs.negativeBlock') },
                ]}
                styles={segmentTouch}
              />
            </Stack>
          </SimpleGrid>
          <Text fw={500}>{t('admin.settings.taxes')}</Text>
          {form.taxes.map((r, i) => (
            <Group key={r.key} align="flex-start" wrap="nowrap" data-testid="settings-tax">
              <TextInput
                style={{ flex: 2 }}
                label={t('admin.settings.taxName')}
                value={r.name}
                maxLength={40}
                onChange={(e) => set({ taxes: form.taxes.map((x) => (x.key === r.key ? { ...x, name: e.currentTarget.value } : x)) })}
                error={err(`taxes.${i}.name`)}
              />
              <TextInput
                style={{ flex: 1 }}
                label={t('admin.settings.taxRate')}
                inputMode="decimal"
                value={r.rate}
                onChange={(e) => set({ taxes: form.taxes.map((x) => (x.key === r.key ? { ...x, rate: e.currentTarget.value } : x)) })}
                error={err(`taxes.${i}.rate`)}
              />
              {form.taxes.length > 1 && (
                <RemoveButton
                  label={t('admin.settings.taxRemove', { name: r.name })}
                  onClick={() => set({ taxes: form.taxes.filter((x) => x.key !== r.key) })}
                />
              )}
            </Group>
          ))}
          {form.taxes.length < 10 && (
            <Button
              variant="default"
              style={{ alignSelf: 'flex-start' }}
              onClick={() => set({ taxes: [...form.taxes, { key: rowKey(), name: '', rate: '0' }] })}
            >
              {t('admin.settings.taxAdd')}
            </Button>
          )}
        </Section>

        <Section title={t('admin.settings.printer')} right={<PrinterBadge />} testId="settings-printer">
          <Stack gap={4}>
            <Text size="sm" fw={500} id="printer-transport-label">
              {t('admin.settings.transport')}
            </Text>
            <SegmentedControl
              aria-labelledby="printer-transport-label"
              data-testid="printer-transport"
              value={pr.transport}
              onChange={(v) => setPrinter({ transport: v as Transport })}
              data={(['none', 'tcp', 'serial', 'file'] as const).map((v) => ({ value: v, label: t(`admin.settings.transport_${v}`) }))}
              styles={segmentTouch}
            />
          </Stack>
          {pr.transport === 'tcp' && (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('admin.settings.host')}
                data-testid="printer-host"
                autoComplete="off"
                value={pr.host}
                maxLength={200}
                onChange={(e) => setPrinter({ host: e.currentTarget.value })}
                error={err('printer.host')}
              />
              <TextInput
                label={t('admin.settings.port')}
                data-testid="printer-port"
                inputMode="numeric"
                value={pr.port}
                onChange={(e) => setPrinter({ port: digitsOnly(e.currentTarget.value, 5) })}
                error={err('printer.port')}
              />
            </SimpleGrid>
          )}
          {(pr.transport === 'serial' || pr.transport === 'file') && (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={pr.transport === 'serial' ? t('admin.settings.path') : t('admin.settings.filePath')}
                data-testid="printer-path"
                autoComplete="off"
                value={pr.path}
                maxLength={200}
                placeholder={pr.transport === 'serial' ? 'COM3 / /dev/ttyUSB0' : '/dev/usb/lp0'}
                onChange={(e) => setPrinter({ path: e.currentTarget.value })}
                error={err('printer.path')}
              />
              {pr.transport === 'serial' && (
                <TextInput
                  label={t('admin.settings.baud')}
                  data-testid="printer-baud"
                  inputMode="numeric"
                  value={pr.baud}
                  onChange={(e) => setPrinter({ baud: digitsOnly(e.currentTarget.value, 7) })}
                  error={err('printer.baud')}
                />
              )}
            </SimpleGrid>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Stack gap={4}>
              <Text size="sm" fw={500} id="printer-width-label">
                {t('admin.settings.width')}
              </Text>
              <SegmentedControl
                aria-labelledby="printer-width-label"
                data-testid="printer-width"
                value={pr.width}
                onChange={(v) => setPrinter({ width: v as '58' | '80' })}
                data={[
                  { value: '58', label: t('admin.settings.width58') },
                  { value: '80', label: t('admin.settings.width80') },
                ]}
                styles={segmentTouch}
              />
            </Stack>
            <Stack gap={4}>
              <Text size="sm" fw={500} id="printer-codepage-label">
                {t('admin.settings.codePage')}
              </Text>
              <SegmentedControl
                aria-labelledby="printer-codepage-label"
                data-testid="printer-codepage"
                value={pr.codePage}
                onChange={(v) => setPrinter({ codePage: v as Form['printer']['codePage'] })}
                data={[
                  { value: 'cp866', label: 'CP866' },
                  { value: 'wpc1251', label: 'Windows-1251' },
                ]}
                styles={segmentTouch}
              />
            </Stack>
          </SimpleGrid>
          <Checkbox
            size="md"
            label={t('admin.settings.drawerKick')}
            data-testid="printer-drawer"
            checked={pr.drawer}
            onChange={(e) => setPrinter({ drawer: e.currentTarget.checked })}
            styles={inlineTouch}
          />
        </Section>

        <Section title={t('admin.settings.scanner')}>
          <SegmentedControl
            aria-label={t('admin.settings.scanner')}
            data-testid="scanner-mode"
            value={form.scanner.on ? 'serial' : 'none'}
            onChange={(v) => setScanner({ on: v === 'serial' })}
            data={[
              { value: 'none', label: t('admin.settings.scannerNone') },
              { value: 'serial', label: t('admin.settings.scannerSerial') },
            ]}
            styles={segmentTouch}
          />
          {form.scanner.on && (
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput
                label={t('admin.settings.path')}
                data-testid="scanner-path"
                autoComplete="off"
                placeholder="COM4 / /dev/ttyACM0"
                value={form.scanner.path}
                maxLength={200}
                onChange={(e) => setScanner({ path: e.currentTarget.value })}
                error={err('scanner.path')}
              />
              <TextInput
                label={t('admin.settings.baud')}
                data-testid="scanner-baud"
                inputMode="numeric"
                value={form.scanner.baud}
                onChange={(e) => setScanner({ baud: digitsOnly(e.currentTarget.value, 7) })}
                error={err('scanner.baud')}
              />
              <NativeSelect
                size="lg"
                label={t('admin.settings.suffix')}
                data-testid="scanner-suffix"
                value={form.scanner.suffix}
                onChange={(e) => setScanner({ suffix: e.currentTarget.value as Suffix })}
                data={['CR', 'LF', 'CRLF']}
              />
            </SimpleGrid>
          )}
        </Section>

        <Section title={t('admin.settings.barcodes')}>
          <Text size="sm" c="dimmed">
            {t('admin.settings.barcodesHint')}
          </Text>
          {form.rules.map((r, i) => {
            const item = Number(r.itemDigits);
            const value = valueDigits(item);
            const itemCode = '123'.padStart(item, '0');
            const data = `${r.prefix}${itemCode}${'1250'.padStart(value, '0')}`;
            const update = (patch: Partial<typeof r>) => set({ rules: form.rules.map((x) => (x.key === r.key ? { ...x, ...patch } : x)) });
            return (
              <Stack key={r.key} gap={4} data-testid="settings-rule" data-prefix={r.prefix}>
                <Group align="flex-start" wrap="nowrap">
                  <SimpleGrid cols={{ base: 2, sm: 4 }} style={{ flex: 1 }}>
                    <NativeSelect
                      size="lg"
                      label={t('admin.settings.prefix')}
                      value={r.prefix}
                      onChange={(e) => update({ prefix: e.currentTarget.value })}
                      data={PREFIXES}
                      error={err(`rules.${i}.prefix`)}
                    />
                    <NativeSelect
                      size="lg"
                      label={t('admin.settings.itemDigits')}
                      value={r.itemDigits}
                      onChange={(e) => update({ itemDigits: e.currentTarget.value })}
                      data={['4', '5', '6']}
                    />
                    <TextInput label={t('admin.settings.valueDigits')} value={String(value)} readOnly tabIndex={-1} />
                    <NativeSelect
                      size="lg"
                      label={t('admin.settings.kind')}
                      value={r.kind}
                      onChange={(e) => update({ kind: e.currentTarget.value as RuleKind })}
                      data={(['weight_g', 'price_minor'] as const).map((k) => ({ value: k, label: t(`admin.settings.kind_${k}`) }))}
                    />
                  </SimpleGrid>
                  <RemoveButton
                    label={t('admin.settings.ruleRemove', { prefix: r.prefix })}
                    onClick={() => set({ rules: form.rules.filter((x) => x.key !== r.key) })}
                  />
                </Group>
                <Text size="sm" c="dimmed" data-testid="settings-rule-example">
                  {t('admin.settings.example', { code: withCheckDigit(data), item: Number(itemCode), value: exampleValue(r.kind) })}
                </Text>
              </Stack>
            );
          })}
          {form.rules.length < 10 && (
            <Button
              variant="default"
              style={{ alignSelf: 'flex-start' }}
              onClick={() =>
                set({
                  rules: [
                    ...form.rules,
                    {
                      key: rowKey(),
                      prefix: PREFIXES.find((p) => !form.rules.some((r) => r.prefix === p)) ?? '20',
                      itemDigits: '5',
                      kind: 'weight_g',
                    },
                  ],
                })
              }
            >
              {t('admin.settings.ruleAdd')}
            </Button>
          )}
        </Section>

        <Section title={t('admin.settings.money')}>
          <TextInput
            label={t('admin.settings.rounding')}
            description={t('admin.settings.roundingHint', { min: f.money(1) })}
            data-testid="settings-rounding"
            inputMode="decimal"
            maw={360}
            value={form.rounding}
            onChange={(e) => set({ rounding: e.currentTarget.value })}
            error={err('rounding')}
          />
          <Text fw={500}>{t('admin.settings.maxDiscount')}</Text>
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            {roleIds.map((id) => (
              <TextInput
                key={id}
                label={roleName(id)}
                data-testid={`settings-max-discount-${id}`}
                inputMode="decimal"
                rightSection="%"
                value={form.maxDiscount[id] ?? ''}
                placeholder="0"
                onChange={(e) => set({ maxDiscount: { ...form.maxDiscount, [id]: e.currentTarget.value } })}
                error={err(`maxDiscount.${id}`)}
              />
            ))}
          </SimpleGrid>
          <Text fw={500}>{t('admin.settings.loyalty')}</Text>
          {form.tiers.map((tier, i) => (
            <Group key={tier.key} align="flex-start" wrap="nowrap" data-testid="settings-tier">
              <TextInput
                style={{ flex: 1 }}
                label={t('admin.settings.loyaltyMin')}
                inputMode="decimal"
                rightSection={<Text size="xs">{info.currency}</Text>}
                value={tier.minTotal}
                onChange={(e) =>
                  set({ tiers: form.tiers.map((x) => (x.key === tier.key ? { ...x, minTotal: e.currentTarget.value } : x)) })
                }
                error={err(`tiers.${i}.minTotal`)}
              />
              <TextInput
                style={{ flex: 1 }}
                label={t('admin.settings.loyaltyPercent')}
                inputMode="decimal"
                value={tier.percent}
                onChange={(e) => set({ tiers: form.tiers.map((x) => (x.key === tier.key ? { ...x, percent: e.currentTarget.value } : x)) })}
                error={err(`tiers.${i}.percent`)}
              />
              <RemoveButton
                label={t('admin.settings.loyaltyRemove', { n: i + 1 })}
                onClick={() => set({ tiers: form.tiers.filter((x) => x.key !== tier.key) })}
              />
            </Group>
          ))}
          {form.tiers.length < 10 && (
            <Button
              variant="default"
              style={{ alignSelf: 'flex-start' }}
              onClick={() => set({ tiers: [...form.tiers, { key: rowKey(), minTotal: '', percent: '' }] })}
            >
              {t('admin.settings.loyaltyAdd')}
            </Button>
          )}
        </Section>

        <Section title={t('admin.settings.autoLockTitle')}>
          <TextInput
            label={t('admin.settings.autoLock')}
            description={t('admin.settings.autoLockHint')}
            data-testid="settings-autolock"
            inputMode="numeric"
            maw={360}
            value={form.autoLock}
            onChange={(e) => set({ autoLock: digitsOnly(e.currentTarget.value, 3) })}
            error={err('autoLock')}
          />
        </Section>

        <Section title={t('admin.settings.lanTitle')}>
          <TextInput
            label={t('admin.settings.lanHosts')}
            description={t('admin.settings.lanHostsHint')}
            data-testid="settings-lan-hosts"
            autoComplete="off"
            placeholder="till.local, 192.168.1.20"
            value={form.lanHosts}
            onChange={(e) => set({ lanHosts: e.currentTarget.value })}
            error={err('lanHosts')}
          />
        </Section>

        <Paper withBorder p="sm" pos="sticky" bottom={0} style={{ zIndex: 5 }} shadow="sm">
          <Group justify="space-between">
            <div>
              {isSubmitted && !isValid && (
                <Text c="red" role="alert" data-testid="settings-invalid">
                  {t('admin.settings.invalid')}
                </Text>
              )}
              {save.isSuccess && (
                <Text c="teal" role="status" data-testid="settings-saved">
                  {t('admin.saved')}
                </Text>
              )}
              <ErrorAlert error={save.error} testId="settings-save-error" />
            </div>
            <Button type="submit" data-testid="settings-save" loading={save.isPending}>
              {t('admin.save')}
            </Button>
          </Group>
        </Paper>
      </Stack>
    </form>
  );
}

import { Button, Card, Center, Group, PasswordInput, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { pin as pinSchema } from '../../../core/contract/primitives';
import { useApiMutation } from '../api/hooks';
import type { SystemInfo } from '../api/types';
import { chooseLanguage, LANGUAGES, type Language } from '../i18n';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { ErrorAlert } from '../ui/ErrorAlert';

const CURRENCIES = ['RUB', 'USD', 'EUR', 'KZT', 'BYN', 'UZS', 'AMD', 'GEL', 'KGS', 'TRY', 'GBP'];

/** First run: the shop has no users yet, so it is either the demo or a real owner account. */
export function SetupScreen() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [mode, setMode] = useState<'choose' | 'shop'>('choose');
  const demo = useApiMutation('setup.demo');
  const done = (info: SystemInfo) => client.setQueryData(['system.info', {}], info);

  return (
    <Center mih="100vh" p="md">
      <Stack w="100%" maw={560}>
        <Group justify="space-between">
          <Title order={1}>{t('setup.title')}</Title>
          <LanguageSwitch />
        </Group>
        {mode === 'choose' ? (
          <>
            <Text size="lg">{t('setup.intro')}</Text>
            <Card withBorder padding="lg">
              <Stack>
                <Button data-testid="setup-demo" loading={demo.isPending} onClick={() => demo.mutate({}, { onSuccess: done })} autoFocus>
                  {t('setup.demo')}
                </Button>
                <Text c="dimmed">{t('setup.demoHint')}</Text>
              </Stack>
            </Card>
            <Card withBorder padding="lg">
              <Stack>
                <Button data-testid="setup-shop" variant="light" onClick={() => setMode('shop')}>
                  {t('setup.shop')}
                </Button>
                <Text c="dimmed">{t('setup.shopHint')}</Text>
              </Stack>
            </Card>
            <ErrorAlert error={demo.error} />
          </>
        ) : (
          <ShopForm onBack={() => setMode('choose')} onDone={done} />
        )}
      </Stack>
    </Center>
  );
}

function ShopForm({ onBack, onDone }: { onBack(): void; onDone(info: SystemInfo): void }) {
  const { t, i18n } = useTranslation();
  const shop = useApiMutation('setup.shop');
  const [shopName, setShopName] = useState('');
  const [ownerName, setOwnerName] = useState('');
  const [pin, setPin] = useState('');
  const [pin2, setPin2] = useState('');
  const [locale, setLocale] = useState<Language>(i18n.language === 'ru' ? 'ru' : 'en');
  const [currency, setCurrency] = useState('RUB');
  const [tried, setTried] = useState(false);

  const pinOk = pinSchema.safeParse(pin).success;
  const problems = {
    shopName: shopName.trim() ? null : t('setup.required'),
    ownerName: ownerName.trim() ? null : t('setup.required'),
    pin: pinOk ? null : t('setup.pinInvalid'),
    pin2: pin === pin2 ? null : t('setup.pinMismatch'),
  };
  const show = (k: keyof typeof problems) => (tried ? problems[k] : null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (Object.values(problems).some(Boolean)) return;
    shop.mutate({ shopName, ownerName, pin, locale, currency }, { onSuccess: onDone });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label={t('setup.shopName')}
          value={shopName}
          onChange={(e) => setShopName(e.currentTarget.value)}
          error={show('shopName')}
          maxLength={100}
          autoFocus
          required
        />
        <TextInput
          label={t('setup.ownerName')}
          value={ownerName}
          onChange={(e) => setOwnerName(e.currentTarget.value)}
          error={show('ownerName')}
          maxLength={60}
          required
        />
        <PasswordInput
          label={t('setup.pin')}
          value={pin}
          onChange={(e) => setPin(e.currentTarget.value.replace(/\D/g, ''))}
          error={show('pin')}
          inputMode="numeric"
          maxLength={8}
          required
        />
        <PasswordInput
          label={t('setup.pinRepeat')}
          value={pin2}
          onChange={(e) => setPin2(e.currentTarget.value.replace(/\D/g, ''))}
          error={show('pin2')}
          inputMode="numeric"
          maxLength={8}
          required
        />
        <Select
          label={t('setup.language')}
          value={locale}
          allowDeselect={false}
          data={LANGUAGES.map((l) => ({ value: l, label: t(`lang.${l}`) }))}
          onChange={(v) => {
            if (v !== 'en' && v !== 'ru') return;
            setLocale(v);
            chooseLanguage(v, false);
          }}
        />
        <Select
          label={t('setup.currency')}
          value={currency}
          allowDeselect={false}
          searchable
          data={CURRENCIES}
          onChange={(v) => v && setCurrency(v)}
        />
        <ErrorAlert error={shop.error} />
        <Group justify="space-between">
          <Button variant="default" onClick={onBack}>
            {t('setup.back')}
          </Button>
          <Button type="submit" loading={shop.isPending}>
            {t('setup.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

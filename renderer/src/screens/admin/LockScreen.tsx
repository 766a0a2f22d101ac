import { Alert, Box, Button, Center, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation } from '../../api/hooks';
import type { UserSummary } from '../../api/types';
import { PasswordForm } from '../LoginScreen';
import { LanguageSwitch } from '../../layout/LanguageSwitch';
import { useSession } from '../../session/session';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFormat } from '../../ui/format';
import { roleLabel } from '../../ui/roles';
import { PinPad } from '../PinPad';
import { setSessionNotice, useSessionNotice } from './notice';

/** Wraps the login screen: the lock screen after inactivity, or the login screen with why the session ended. */
export function LockGate({ children }: { children: ReactNode }) {
  const notice = useSessionNotice();
  const f = useFormat();
  const { t } = useTranslation();
  if (notice?.kind === 'locked') return <LockScreen user={notice.user} minutes={notice.minutes} />;
  return (
    <>
      {notice?.kind === 'restored' && (
        <Box pos="fixed" top={16} left={0} right={0} px="md" style={{ zIndex: 10, display: 'flex', justifyContent: 'center' }}>
          <Alert role="status" color="teal" variant="filled" maw={560} w="100%" data-testid="session-notice" data-kind="restored" withCloseButton closeButtonLabel={t('app.ok')} onClose={() => setSessionNotice(null)}>
            {t('admin.backups.restored', { at: f.date(notice.at) })}
          </Alert>
        </Box>
      )}
      {children}
    </>
  );
}

/** The session was ended after inactivity; the same user unlocks with their PIN, anyone else goes to the user list. */
function LockScreen({ user, minutes }: { user: UserSummary; minutes: number }) {
  const { t } = useTranslation();
  const { info, signedIn } = useSession();
  if (user.signIn === 'password') {
    return (
      <Center mih="100vh" p="md">
        <Stack w="100%" maw={440} data-testid="lock-screen" data-user-id={user.id}>
          <Title order={3}>{t('admin.lock.title')}</Title>
          <Text>{t('admin.lock.idle', { name: user.name, minutes })}</Text>
          <PasswordForm user={user} />
        </Stack>
      </Center>
    );
  }
  return <PinUnlock user={user} minutes={minutes} info={info} signedIn={signedIn} />;
}

function PinUnlock({ user, minutes, info, signedIn }: { user: UserSummary; minutes: number } & Pick<ReturnType<typeof useSession>, 'info' | 'signedIn'>) {
  const { t } = useTranslation();
  const login = useApiMutation('auth.login');
  const [pin, setPin] = useState('');
  const input = useRef<HTMLInputElement>(null);

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!pin || login.isPending) return;
    login.mutate(
      { userId: user.id, pin },
      {
        onSuccess: (r) => signedIn(r.user),
        onError: () => {
          setPin('');
          input.current?.focus();
        },
      },
    );
  };
  const type = (next: string) => {
    setPin(next.replace(/\D/g, '').slice(0, 8));
    if (login.error) login.reset();
  };

  return (
    <Center mih="100vh" p="md">
      <form onSubmit={submit} style={{ width: '100%', maxWidth: 440 }} data-testid="lock-screen" data-user-id={user.id}>
        <Stack>
          <Group justify="space-between">
            <Title order={2}>{info.shopName}</Title>
            <LanguageSwitch />
          </Group>
          <Title order={3}>{t('admin.lock.title')}</Title>
          <Text>{t('admin.lock.idle', { name: user.name, minutes })}</Text>
          <Text size="xl" fw={500}>
            {user.name} · {roleLabel(t, user.role)}
          </Text>
          <TextInput
            ref={input}
            label={t('login.pin')}
            type="password"
            inputMode="numeric"
            autoComplete="off"
            autoFocus
            data-testid="lock-pin"
            value={pin}
            onChange={(e) => type(e.currentTarget.value)}
            styles={{ input: { fontSize: 28, letterSpacing: 8, textAlign: 'center' } }}
          />
          <ErrorAlert error={login.error} testId="lock-error" />
          <PinPad disabled={login.isPending} onDigit={(d) => type(pin + d)} onBack={() => type(pin.slice(0, -1))} onClear={() => type('')} />
          <Button type="submit" size="xl" data-testid="lock-unlock" loading={login.isPending} disabled={!pin}>
            {t('admin.lock.unlock')}
          </Button>
          <Button variant="subtle" data-testid="lock-other-user" onClick={() => setSessionNotice(null)}>
            {t('admin.lock.otherUser')}
          </Button>
        </Stack>
      </form>
    </Center>
  );
}

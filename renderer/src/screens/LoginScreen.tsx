import { Button, Center, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation, useApiQuery } from '../api/hooks';
import type { UserSummary } from '../api/types';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { useSession } from '../session/session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { roleLabel } from '../ui/roles';
import { useRetryWait } from '../ui/useRetryWait';
import { PinPad } from './PinPad';

export function LoginScreen() {
  const { t } = useTranslation();
  const { info } = useSession();
  const users = useApiQuery('auth.users', {});
  const [picked, setPicked] = useState<UserSummary | null>(null);

  if (users.isPending) return <Loading />;
  const list = users.data ?? [];
  // One user: nothing to choose.
  const user = picked ?? (list.length === 1 ? list[0]! : null);

  return (
    <Center mih="100vh" p="md">
      <Stack w="100%" maw={440}>
        <Group justify="space-between">
          <Title order={2}>{info.shopName}</Title>
          <LanguageSwitch />
        </Group>
        <ErrorAlert error={users.error} />
        {user ? (
          user.signIn === 'password' ? (
            <PasswordForm user={user} onBack={list.length > 1 ? () => setPicked(null) : undefined} />
          ) : (
            <PinForm user={user} onBack={list.length > 1 ? () => setPicked(null) : undefined} />
          )
        ) : (
          <>
            <Text size="xl" fw={500}>
              {t('login.title')}
            </Text>
            {list.length === 0 && !users.error && <Text>{t('login.noUsers')}</Text>}
            {list.map((u, i) => (
              <Button
                key={u.id}
                data-testid={`login-user-${u.id}`}
                variant="default"
                size="xl"
                justify="space-between"
                autoFocus={i === 0}
                onClick={() => setPicked(u)}
                rightSection={<Text c="dimmed">{roleLabel(t, u.role)}</Text>}
              >
                {u.name}
              </Button>
            ))}
          </>
        )}
      </Stack>
    </Center>
  );
}

/** Back-office users without a PIN sign in with their password (no keypad: they sit at a keyboard). */
export function PasswordForm({ user, onBack }: { user: UserSummary; onBack?: () => void }) {
  const { t } = useTranslation();
  const { signedIn } = useSession();
  const login = useApiMutation('auth.loginPassword');
  const [password, setPassword] = useState('');
  // Throttled after wrong passwords: the countdown stays up while typing, and a try waits for it.
  const wait = useRetryWait(login.error);
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!password || login.isPending || wait > 0) return;
    login.mutate({ userId: user.id, password }, { onSuccess: (r) => signedIn(r.user), onError: () => setPassword('') });
  };
  return (
    <form onSubmit={submit}>
      <Stack>
        <Text size="xl" fw={500}>
          {user.name} · {roleLabel(t, user.role)}
        </Text>
        <TextInput
          label={t('login.password')}
          type="password"
          autoComplete="current-password"
          autoFocus
          data-testid="password-input"
          value={password}
          onChange={(e) => {
            setPassword(e.currentTarget.value);
            if (login.error && wait === 0) login.reset();
          }}
        />
        <ErrorAlert error={login.error} testId="login-error" />
        <Button type="submit" size="xl" data-testid="login-submit" loading={login.isPending} disabled={!password || wait > 0}>
          {t('login.submit')}
        </Button>
        {onBack && (
          <Button variant="subtle" onClick={onBack}>
            {t('login.changeUser')}
          </Button>
        )}
      </Stack>
    </form>
  );
}

/** What the lock screen changes: its own labels and test ids around the same PIN entry. */
export interface PinFormLook {
  submitLabel: string;
  backLabel: string;
  ids: { pin: string; submit: string; error: string; back?: string };
}

export function PinForm({ user, onBack, look }: { user: UserSummary; onBack?: () => void; look?: PinFormLook }) {
  const { t } = useTranslation();
  const { signedIn } = useSession();
  const login = useApiMutation('auth.login');
  const [pin, setPin] = useState('');
  const input = useRef<HTMLInputElement>(null);
  // Throttled after wrong PINs: the countdown stays up while typing, and a try waits for it.
  const wait = useRetryWait(login.error);

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!pin || login.isPending || wait > 0) return;
    login.mutate(
      { userId: user.id, pin },
      {
        onSuccess: (r) => signedIn(r.user),
        // A wrong PIN is retyped from scratch.
        onError: () => {
          setPin('');
          input.current?.focus();
        },
      },
    );
  };
  const type = (next: string) => {
    setPin(next.replace(/\D/g, '').slice(0, 8));
    if (login.error && wait === 0) login.reset();
  };

  return (
    <form onSubmit={submit}>
      <Stack>
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
          data-testid={look?.ids.pin ?? 'pin-input'}
          value={pin}
          onChange={(e) => type(e.currentTarget.value)}
          styles={{ input: { fontSize: 28, letterSpacing: 8, textAlign: 'center' } }}
        />
        <ErrorAlert error={login.error} testId={look?.ids.error ?? 'login-error'} />
        <PinPad disabled={login.isPending} onDigit={(d) => type(pin + d)} onBack={() => type(pin.slice(0, -1))} onClear={() => type('')} />
        <Button
          type="submit"
          size="xl"
          data-testid={look?.ids.submit ?? 'login-submit'}
          loading={login.isPending}
          disabled={!pin || wait > 0}
        >
          {look?.submitLabel ?? t('login.submit')}
        </Button>
        {onBack && (
          <Button variant="subtle" data-testid={look?.ids.back} onClick={onBack}>
            {look?.backLabel ?? t('login.changeUser')}
          </Button>
        )}
      </Stack>
    </form>
  );
}

import { Alert, Box, Center, Group, Stack, Text, Title } from '@mantine/core';
import { type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserSummary } from '../../api/types';
import { LanguageSwitch } from '../../layout/LanguageSwitch';
import { useSession } from '../../session/session';
import { useFormat } from '../../ui/format';
import { PasswordForm, PinForm } from '../LoginScreen';
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
          <Alert
            role="status"
            color="teal"
            variant="filled"
            maw={560}
            w="100%"
            data-testid="session-notice"
            data-kind="restored"
            withCloseButton
            closeButtonLabel={t('app.ok')}
            onClose={() => setSessionNotice(null)}
          >
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
  const { info } = useSession();
  const toUserList = () => setSessionNotice(null);
  return (
    <Center mih="100vh" p="md">
      <Stack w="100%" maw={440} data-testid="lock-screen" data-user-id={user.id}>
        <Group justify="space-between">
          <Title order={2}>{info.shopName}</Title>
          <LanguageSwitch />
        </Group>
        <Title order={3}>{t('admin.lock.title')}</Title>
        <Text>{t('admin.lock.idle', { name: user.name, minutes })}</Text>
        {user.signIn === 'password' ? (
          <PasswordForm user={user} onBack={toUserList} />
        ) : (
          <PinForm
            user={user}
            onBack={toUserList}
            look={{
              submitLabel: t('admin.lock.unlock'),
              backLabel: t('admin.lock.otherUser'),
              ids: { pin: 'lock-pin', submit: 'lock-unlock', error: 'lock-error', back: 'lock-other-user' },
            }}
          />
        )}
      </Stack>
    </Center>
  );
}

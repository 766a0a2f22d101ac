import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorCode, retryAt } from '../api/client';
import { minutesSeconds, useRetryWait } from './useRetryWait';

/** A failure in the user's language; the server's (English) detail stays small underneath for support. */
export function ErrorAlert({ error, testId }: { error: unknown; testId?: string }) {
  const { t } = useTranslation();
  const wait = useRetryWait(error);
  if (!error) return null;
  const code = errorCode(error);
  // A throttled sign-in counts down to when it may be tried again, then says so.
  const title =
    retryAt(error) === null ? t(`errors.${code}`) : wait > 0 ? t('login.retryIn', { time: minutesSeconds(wait) }) : t('login.retryNow');
  return (
    <Alert color="red" role="alert" data-testid={testId ?? 'error'} data-code={code} data-wait={wait} title={title} variant="light">
      {error instanceof Error && error.message ? (
        <Text size="xs" c="dimmed">
          {error.message}
        </Text>
      ) : null}
    </Alert>
  );
}

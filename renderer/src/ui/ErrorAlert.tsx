import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorCode } from '../api/client';

/** A failure in the user's language; the server's (English) detail stays small underneath for support. */
export function ErrorAlert({ error, testId }: { error: unknown; testId?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const code = errorCode(error);
  return (
    <Alert color="red" role="alert" data-testid={testId ?? 'error'} data-code={code} title={t(`errors.${code}`)} variant="light">
      {error instanceof Error && error.message ? (
        <Text size="xs" c="dimmed">
          {error.message}
        </Text>
      ) : null}
    </Alert>
  );
}

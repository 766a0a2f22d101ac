import { Button, Center, Loader, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './ErrorAlert';

export function Loading() {
  const { t } = useTranslation();
  return (
    <Center h="100vh" aria-busy="true" aria-label={t('app.loading')}>
      <Loader />
    </Center>
  );
}

/** A whole-screen failure (server unreachable at start) with a way out. */
export function FatalError({ error, retry }: { error: unknown; retry(): void }) {
  const { t } = useTranslation();
  return (
    <Center h="100vh" p="md">
      <Stack maw={480}>
        <ErrorAlert error={error} />
        <Button size="lg" onClick={retry}>
          {t('app.retry')}
        </Button>
      </Stack>
    </Center>
  );
}

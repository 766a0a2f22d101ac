import { Alert, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useApiMutation } from '../../api/hooks';
import { ErrorAlert } from '../../ui/ErrorAlert';

/** Recomputes the audit log's hash chain on the server and says whether it is intact, or where it breaks. */
export function AuditScreen() {
  const { t } = useTranslation();
  const verify = useApiMutation('audit.verify');
  const r = verify.data;
  return (
    <Stack maw={800} mx="auto">
      <Title order={2}>{t('admin.audit.title')}</Title>
      <Text c="dimmed">{t('admin.audit.intro')}</Text>
      <Paper withBorder p="md">
        <Stack>
          <Button
            data-testid="audit-verify"
            loading={verify.isPending}
            onClick={() => verify.mutate({})}
            style={{ alignSelf: 'flex-start' }}
          >
            {t('admin.audit.verify')}
          </Button>
          <ErrorAlert error={verify.error} testId="audit-error" />
          {r && (
            <Alert
              role="status"
              data-testid="audit-result"
              data-ok={String(r.ok)}
              data-checked={r.checked}
              data-bad-id={r.firstBad?.id}
              color={r.ok ? 'teal' : 'red'}
              variant="light"
              title={r.ok ? undefined : t('admin.audit.badTitle')}
            >
              {r.ok || !r.firstBad
                ? t('admin.audit.ok', { checked: r.checked })
                : t('admin.audit.bad', { id: r.firstBad.id, reason: r.firstBad.reason, checked: r.checked })}
            </Alert>
          )}
        </Stack>
      </Paper>
    </Stack>
  );
}

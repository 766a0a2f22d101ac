import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/client';
import { useWithApproval } from '../../ui/approval/ApprovalProvider';
import { ErrorAlert } from '../../ui/ErrorAlert';

/** Opening the drawer outside a cash sale is logged with a reason; without drawer.open a manager approves. */
export function DrawerDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const withApproval = useWithApproval();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = reason.trim();
    if (!r || busy) return;
    setBusy(true);
    setError(null);
    try {
      const done = await withApproval(
        t('approval.drawer'),
        async (approval) => (await request('drawer.open', { reason: r, approval }), true),
      );
      if (done) return onClose();
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };

  return (
    <Modal opened onClose={busy ? () => {} : onClose} title={t('drawer.title')} centered>
      <form onSubmit={(e) => void submit(e)} data-testid="drawer-dialog">
        <Stack>
          <TextInput
            label={t('drawer.reason')}
            data-autofocus
            data-testid="drawer-reason"
            value={reason}
            maxLength={200}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <ErrorAlert error={error} testId="drawer-error" />
          <Group grow>
            <Button variant="default" onClick={onClose} disabled={busy}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={!reason.trim()} data-testid="drawer-confirm">
              {t('drawer.open')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

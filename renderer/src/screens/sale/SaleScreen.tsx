import { Button, Modal, Stack } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks';
import type { ShiftReport } from '../../api/types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading } from '../../ui/Loading';
import { OpenShift } from '../shift/OpenShift';
import { ShiftReportView } from '../shift/ShiftReportView';
import { Counter } from './Counter';

/** A sale needs an open shift: without one the screen offers to open it; the Z report stays up after closing. */
export function SaleScreen() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const shift = useApiQuery('shift.current', {}, { staleTime: Infinity });
  const [z, setZ] = useState<ShiftReport | null>(null);

  const closed = (report: ShiftReport) => {
    setZ(report);
    client.setQueryData(['shift.current', {}], null);
    void client.invalidateQueries({ queryKey: ['cart.current'] });
  };

  let body;
  if (shift.isPending) body = <Loading />;
  else if (shift.isError)
    body = (
      <Stack maw={600} mx="auto">
        <ErrorAlert error={shift.error} testId="shift-error" />
        <Button onClick={() => void shift.refetch()}>{t('app.retry')}</Button>
      </Stack>
    );
  else if (!shift.data) body = <OpenShift />;
  else body = <Counter key={shift.data.id} shift={shift.data} onShiftClosed={closed} />;

  return (
    <>
      {body}
      {z && (
        <Modal opened onClose={() => setZ(null)} title={t('report.zDone')} size="lg" centered>
          <Stack>
            <ShiftReportView report={z} />
            <Button data-testid="z-report-close" data-autofocus onClick={() => setZ(null)}>
              {t('app.ok')}
            </Button>
          </Stack>
        </Modal>
      )}
    </>
  );
}

// Step one of an import: a file into the core's upload store. Browser mode sends the file the input holds; the
// desktop window asks the shell's dialog. Either way the wizard goes on with the file's token only.
import { Button, FileInput, Group, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiFailure } from '../../api/client';
import type { UploadedFile } from '../../api/types';
import { ErrorAlert } from '../../ui/ErrorAlert';

export function FileStep({ onSent, disabled, label }: { onSent: (f: UploadedFile) => void; disabled?: boolean; label: string }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const send = useMutation<UploadedFile, ApiFailure, File | null>({ mutationFn: (f) => api.sendFile(f), onSuccess: onSent });
  return (
    <Stack>
      {api.picksFiles ? (
        <Group>
          <Button data-testid="import-pick" disabled={disabled} loading={send.isPending} onClick={() => send.mutate(null)}>
            {t('pricelists.pick')}
          </Button>
        </Group>
      ) : (
        <Group align="end">
          <FileInput
            label={label}
            accept=".xlsx,.csv,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            value={file}
            onChange={setFile}
            disabled={disabled}
            data-testid="import-file"
            w={360}
          />
          <Button data-testid="import-send" disabled={!file || disabled} loading={send.isPending} onClick={() => send.mutate(file)}>
            {t('pricelists.send')}
          </Button>
        </Group>
      )}
      {send.data && (
        <Text role="status" c="teal" data-testid="import-sent">
          {t('pricelists.sent', { name: send.data.name })}
        </Text>
      )}
      <ErrorAlert error={send.error} testId="import-file-error" />
    </Stack>
  );
}

import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/ErrorAlert';

interface Props {
  title: string;
  label: string;
  initial: string;
  /** Text to integer units (thousandths, minor units, basis points); null when not valid. */
  parse(text: string): number | null;
  invalid: string;
  /** Rejects with the failure to show. */
  onSubmit(value: number): Promise<unknown>;
  onClose(): void;
  testId: string;
  children?: ReactNode;
}

/** One number for the selected line or the receipt (quantity, price, discount), typed and confirmed with Enter. */
export function ValueDialog({ title, label, initial, parse, invalid, onSubmit, onClose, testId, children }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const value = parse(text);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (value === null || busy) return;
    setBusy(true);
    setError(null);
    try {
      // The caller closes the dialog on success; a cancelled approval leaves it open for another try.
      await onSubmit(value);
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };

  return (
    <Modal opened onClose={busy ? () => {} : onClose} title={title} centered>
      <form onSubmit={(e) => void submit(e)} data-testid={`${testId}-dialog`}>
        <Stack>
          {children}
          <TextInput
            label={label}
            data-testid={`${testId}-input`}
            inputMode="decimal"
            autoComplete="off"
            data-autofocus
            value={text}
            onFocus={(e) => e.currentTarget.select()}
            onChange={(e) => (setText(e.currentTarget.value), setError(null))}
            error={text.trim() && value === null ? invalid : null}
            styles={{ input: { fontSize: 24, textAlign: 'right' } }}
          />
          <ErrorAlert error={error} testId={`${testId}-error`} />
          <Group grow>
            <Button variant="default" onClick={onClose} disabled={busy}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={value === null} data-testid={`${testId}-confirm`}>
              {t('app.ok')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

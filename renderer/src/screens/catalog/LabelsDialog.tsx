import { Button, Group, Modal, NativeSelect, NumberInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LABEL_PRESET_NAMES, MAX_LABELS_PER_FILE, type LabelPresetName } from '../../../../core/contract/methods/labels';
import { useApiMutation } from '../../api/hooks';
import { download } from '../../ui/download';
import { ErrorAlert } from '../../ui/ErrorAlert';

/** Labels or shelf tags for the given products as a PDF to print: which sheet, how many of each, how many already used. */
export function LabelsDialog({ productIds, onClose }: { productIds: readonly number[]; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const make = useApiMutation('labels.pdf');
  const [preset, setPreset] = useState<LabelPresetName>('a4-3x8');
  const [copies, setCopies] = useState(1);
  const [skip, setSkip] = useState(0);
  const total = productIds.length * copies;
  const tooMany = total > MAX_LABELS_PER_FILE;

  const print = () =>
    make.mutate(
      {
        source: { kind: 'products', items: productIds.map((productId) => ({ productId, copies })) },
        preset,
        skip,
        locale: i18n.language === 'en' ? 'en' : 'ru',
      },
      { onSuccess: (file) => void download(file) },
    );

  return (
    <Modal opened onClose={onClose} title={t('labels.title')} centered>
      <Stack data-testid="labels-dialog">
        <Text size="sm">{t('labels.products', { count: productIds.length })}</Text>
        <NativeSelect
          label={t('labels.sheet')}
          data-testid="labels-preset"
          value={preset}
          onChange={(e) => setPreset(e.currentTarget.value as LabelPresetName)}
          data={LABEL_PRESET_NAMES.map((p) => ({ value: p, label: t(`labels.presets.${p}`) }))}
        />
        <Group grow>
          <NumberInput
            label={t('labels.copies')}
            data-testid="labels-copies"
            min={1}
            max={MAX_LABELS_PER_FILE}
            allowDecimal={false}
            value={copies}
            onChange={(v) => setCopies(Math.max(1, Math.floor(Number(v) || 1)))}
          />
          <NumberInput
            label={t('labels.skip')}
            description={t('labels.skipHint')}
            data-testid="labels-skip"
            min={0}
            max={99}
            allowDecimal={false}
            value={skip}
            onChange={(v) => setSkip(Math.max(0, Math.floor(Number(v) || 0)))}
          />
        </Group>
        {tooMany && (
          <Text c="red" size="sm" role="alert">
            {t('labels.tooMany', { count: MAX_LABELS_PER_FILE })}
          </Text>
        )}
        <ErrorAlert error={make.error} testId="labels-error" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('labels.close')}
          </Button>
          <Button onClick={print} loading={make.isPending} disabled={tooMany} data-testid="labels-download">
            {t('labels.download', { count: total })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

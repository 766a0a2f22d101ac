import { Progress } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ApiOutput } from '../../api/types';

/** Items counted of expected, as a bar named for screen readers with the same words as the text beside it. */
export function CountProgressBar({ progress, size }: { progress: ApiOutput<'count.progress'>; size: 'sm' | 'lg' }) {
  const { t } = useTranslation();
  const value = progress.expected ? (100 * progress.counted) / progress.expected : 0;
  return (
    <Progress.Root size={size}>
      <Progress.Section value={value} aria-label={t('counts.progress', { ...progress })} />
    </Progress.Root>
  );
}

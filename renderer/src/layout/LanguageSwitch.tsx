import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { chooseLanguage, LANGUAGES, type Language } from '../i18n';

/** `compact` shows language codes (EN/RU) where the header has no room for names. */
export function LanguageSwitch({ compact }: { compact?: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      aria-label={t('lang.label')}
      data-testid="lang-switch"
      value={i18n.language}
      onChange={(v) => chooseLanguage(v as Language, true)}
      data={LANGUAGES.map((l) => ({ value: l, label: compact ? <span title={t(`lang.${l}`)}>{l.toUpperCase()}</span> : t(`lang.${l}`) }))}
      styles={{ label: { minHeight: 36, display: 'flex', alignItems: 'center' } }}
    />
  );
}

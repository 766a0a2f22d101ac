import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { ru } from './ru';

export const LANGUAGES = ['en', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

// A per-device choice: the shop's locale (system.info) is the default until someone switches here.
const PREF_KEY = 'lavka.lang';

export function savedLanguage(): Language | null {
  try {
    const v = localStorage.getItem(PREF_KEY);
    return v === 'en' || v === 'ru' ? v : null;
  } catch {
    return null;
  }
}

export function chooseLanguage(lang: Language, remember: boolean): void {
  if (remember) {
    try {
      localStorage.setItem(PREF_KEY, lang);
    } catch {
      // Without storage the choice lasts until reload.
    }
  }
  void i18n.changeLanguage(lang);
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ru: { translation: ru } },
  lng: savedLanguage() ?? 'en',
  fallbackLng: 'en',
  // React escapes on render; escaping here too would show &amp; in shop names.
  interpolation: { escapeValue: false },
  initAsync: false,
});

// Screen readers and hyphenation follow the page language.
document.documentElement.lang = i18n.language;
i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

export { i18n };

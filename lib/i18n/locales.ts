export const LOCALES = ['pl', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'pl'
export const LOCALE_COOKIE = 'hl_locale'
export const isLocale = (v: unknown): v is Locale => v === 'pl' || v === 'en'

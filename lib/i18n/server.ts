import 'server-only'
import { cookies } from 'next/headers'
import { dictionaries } from './dictionaries'
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, type Locale } from './locales'

export async function getLocale(): Promise<Locale> {
  const value = (await cookies()).get(LOCALE_COOKIE)?.value
  return isLocale(value) ? value : DEFAULT_LOCALE
}

export async function getDictionary() {
  const locale = await getLocale()
  return { locale, t: dictionaries[locale] }
}

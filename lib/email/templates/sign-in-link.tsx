import { Heading, Text } from '@react-email/components'
import { formatMinutes, type Locale } from './format.ts'
import { CallToAction, EmailLayout, SHOP_NAME, styles } from './layout.tsx'

export type SignInLinkProps = { locale: Locale; url: string; expiresInMinutes: number }

const copy = {
  pl: {
    subject: `Twój link do logowania w ${SHOP_NAME}`,
    heading: 'Zaloguj się jednym kliknięciem',
    body: (minutes: string) =>
      `Kliknij przycisk poniżej, aby się zalogować. Link jest ważny przez ${minutes} i można go użyć tylko raz.`,
    ignore:
      'Jeśli to nie Ty próbujesz się zalogować, zignoruj tę wiadomość. Bez dostępu do Twojej skrzynki nikt nie użyje tego linku.',
    cta: 'Zaloguj się',
  },
  en: {
    subject: `Your sign-in link for ${SHOP_NAME}`,
    heading: 'Sign in with one click',
    body: (minutes: string) =>
      `Click the button below to sign in. The link is valid for ${minutes} and can be used only once.`,
    ignore:
      'If you did not ask to sign in, you can ignore this email. Nobody can use this link without access to your mailbox.',
    cta: 'Sign in',
  },
} satisfies Record<Locale, unknown>

export const subject = (p: Pick<SignInLinkProps, 'locale'>) => copy[p.locale].subject

export function SignInLinkEmail(p: SignInLinkProps) {
  const t = copy[p.locale]
  return (
    <EmailLayout locale={p.locale} preview={t.subject}>
      <Heading as="h1" style={styles.h1}>
        {t.heading}
      </Heading>
      <Text style={styles.p}>{t.body(formatMinutes(p.expiresInMinutes, p.locale))}</Text>
      <CallToAction href={p.url} label={t.cta} locale={p.locale} />
      <Text style={styles.muted}>{t.ignore}</Text>
    </EmailLayout>
  )
}

export default SignInLinkEmail

// Shared frame of every email: inline styles only, system fonts, no images, so it renders offline and
// in clients that block remote content.
import {
  Body,
  Button,
  Container,
  Head,
  Hr,
  Html,
  Link,
  Preview,
  Section,
  Text,
} from '@react-email/components'
import type { CSSProperties, ReactNode } from 'react'
import type { Locale } from './format.ts'

export const SHOP_NAME = 'Hookline Demo Shop'
export const BRAND = '#0f766e'

const font = '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif'

export const styles = {
  body: { backgroundColor: '#f3f4f6', fontFamily: font, margin: 0, padding: '24px 0' },
  container: { backgroundColor: '#ffffff', maxWidth: '600px', margin: '0 auto', border: '1px solid #e5e7eb' },
  header: { backgroundColor: BRAND, padding: '16px 24px' },
  logo: {
    color: '#ffffff',
    fontSize: '22px',
    fontWeight: 700,
    letterSpacing: '0.5px',
    margin: 0,
    lineHeight: '28px',
  },
  logoSub: { color: '#ccfbf1', fontSize: '13px', margin: 0, lineHeight: '18px' },
  content: { padding: '8px 24px 16px' },
  h1: { color: '#111827', fontSize: '22px', lineHeight: '30px', fontWeight: 700, margin: '16px 0 8px' },
  p: { color: '#1f2937', fontSize: '15px', lineHeight: '24px', margin: '12px 0' },
  muted: { color: '#4b5563', fontSize: '13px', lineHeight: '20px', margin: '8px 0' },
  button: {
    backgroundColor: BRAND,
    color: '#ffffff',
    fontSize: '15px',
    fontWeight: 600,
    padding: '12px 20px',
    borderRadius: '6px',
    textDecoration: 'none',
    display: 'inline-block',
  },
  link: { color: BRAND, textDecoration: 'underline', wordBreak: 'break-all' },
  footer: { padding: '0 24px 16px' },
} satisfies Record<string, CSSProperties>

const footerCopy: Record<Locale, string> = {
  pl: 'Masz pytanie? Odpowiedz na tę wiadomość: trafi do obsługi Hookline Demo Shop.',
  en: 'Questions? Reply to this email: it reaches the Hookline Demo Shop staff.',
}

export function EmailLayout(props: { locale: Locale; preview: string; children: ReactNode }) {
  return (
    <Html lang={props.locale} dir="ltr">
      <Head />
      <Preview>{props.preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Section style={styles.header}>
            <Text style={styles.logo}>Hookline</Text>
            <Text style={styles.logoSub}>{SHOP_NAME}</Text>
          </Section>
          <Section style={styles.content}>{props.children}</Section>
          <Section style={styles.footer}>
            <Hr style={{ borderColor: '#e5e7eb', margin: '0 0 8px' }} />
            <Text style={styles.muted}>{footerCopy[props.locale]}</Text>
          </Section>
        </Container>
      </Body>
    </Html>
  )
}

/** The main call to action, plus the raw URL for clients that do not render buttons. */
export function CallToAction(props: { href: string; label: string; locale: Locale }) {
  const fallback = {
    pl: 'Jeśli przycisk nie działa, skopiuj ten adres do przeglądarki:',
    en: 'If the button does not work, copy this address into your browser:',
  }[props.locale]
  return (
    <>
      <Section style={{ margin: '20px 0' }}>
        <Button href={props.href} style={styles.button}>
          {props.label}
        </Button>
      </Section>
      <Text style={styles.muted}>
        {fallback}{' '}
        <Link href={props.href} style={styles.link}>
          {props.href}
        </Link>
      </Text>
    </>
  )
}

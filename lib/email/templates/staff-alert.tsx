import { Heading, Text } from '@react-email/components'
import { Fragment } from 'react'
import type { Locale } from './format.ts'
import { CallToAction, EmailLayout, styles } from './layout.tsx'

export type StaffAlertProps = { locale: Locale; title: string; details: string; adminUrl: string }

const copy = {
  pl: {
    subject: (title: string) => `[Hookline] Wymaga uwagi: ${title}`,
    intro: 'System zgłosił problem, który wymaga sprawdzenia przez obsługę sklepu.',
    details: 'Szczegóły',
    cta: 'Otwórz panel administracyjny',
  },
  en: {
    subject: (title: string) => `[Hookline] Needs attention: ${title}`,
    intro: 'The system reported a problem that shop staff should look at.',
    details: 'Details',
    cta: 'Open the admin panel',
  },
} satisfies Record<Locale, unknown>

export const subject = (p: Pick<StaffAlertProps, 'locale' | 'title'>) => copy[p.locale].subject(p.title)

export function StaffAlertEmail(p: StaffAlertProps) {
  const t = copy[p.locale]
  return (
    <EmailLayout locale={p.locale} preview={t.subject(p.title)}>
      <Heading as="h1" style={styles.h1}>
        {p.title}
      </Heading>
      <Text style={styles.p}>{t.intro}</Text>
      <Text style={{ ...styles.p, fontWeight: 600, marginBottom: '4px' }}>{t.details}</Text>
      <Text
        style={{
          ...styles.p,
          marginTop: 0,
          whiteSpace: 'pre-wrap',
          fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
          fontSize: '13px',
          lineHeight: '20px',
          backgroundColor: '#f3f4f6',
          padding: '12px',
          border: '1px solid #e5e7eb',
        }}
      >
        {p.details.split(/\r?\n/).map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines of a fixed string
          <Fragment key={i}>
            {i > 0 ? <br /> : null}
            {line}
          </Fragment>
        ))}
      </Text>
      <CallToAction href={p.adminUrl} label={t.cta} locale={p.locale} />
    </EmailLayout>
  )
}

export default StaffAlertEmail

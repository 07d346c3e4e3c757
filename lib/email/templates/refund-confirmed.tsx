import { Heading, Text } from '@react-email/components'
import { formatMoney, type Locale } from './format.ts'
import { CallToAction, EmailLayout, styles } from './layout.tsx'

export type RefundConfirmedProps = {
  locale: Locale
  orderNumber: string
  customerName: string
  refundedMinor: number
  currency: string
  correctiveInvoiceNumber: string | null
  orderUrl: string
}

const copy = {
  pl: {
    subject: (n: string) => `Zwrot środków za zamówienie ${n}`,
    heading: 'Zwrot środków zlecony',
    greeting: (name: string) => `Dzień dobry ${name},`,
    refunded: (amount: string, n: string) =>
      `zleciliśmy zwrot ${amount} za zamówienie ${n}. Pieniądze wrócą na kartę lub konto użyte do płatności, zwykle w ciągu 5–10 dni roboczych.`,
    corrective: (inv: string) => `Wystawiliśmy fakturę korygującą ${inv}.`,
    cta: 'Zobacz zamówienie',
  },
  en: {
    subject: (n: string) => `Refund for order ${n}`,
    heading: 'Your refund is on its way',
    greeting: (name: string) => `Hello ${name},`,
    refunded: (amount: string, n: string) =>
      `we have refunded ${amount} for order ${n}. The money will go back to the card or account you paid with, usually within 5–10 business days.`,
    corrective: (inv: string) => `We have issued corrective invoice ${inv}.`,
    cta: 'View your order',
  },
} satisfies Record<Locale, unknown>

export const subject = (p: Pick<RefundConfirmedProps, 'locale' | 'orderNumber'>) =>
  copy[p.locale].subject(p.orderNumber)

export function RefundConfirmedEmail(p: RefundConfirmedProps) {
  const t = copy[p.locale]
  return (
    <EmailLayout locale={p.locale} preview={t.subject(p.orderNumber)}>
      <Heading as="h1" style={styles.h1}>
        {t.heading}
      </Heading>
      <Text style={styles.p}>{t.greeting(p.customerName)}</Text>
      <Text style={styles.p}>
        {t.refunded(formatMoney(p.refundedMinor, p.currency, p.locale), p.orderNumber)}
      </Text>
      {p.correctiveInvoiceNumber ? (
        <Text style={styles.p}>{t.corrective(p.correctiveInvoiceNumber)}</Text>
      ) : null}
      <CallToAction href={p.orderUrl} label={t.cta} locale={p.locale} />
    </EmailLayout>
  )
}

export default RefundConfirmedEmail

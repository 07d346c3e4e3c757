import { Heading, Text } from '@react-email/components'
import { formatDateTime, formatMoney, type Locale } from './format.ts'
import { CallToAction, EmailLayout, styles } from './layout.tsx'

export type PaymentConfirmedProps = {
  locale: Locale
  orderNumber: string
  customerName: string
  totalMinor: number
  currency: string
  paidAt: Date | string
  orderUrl: string
  invoiceNumber: string | null
}

const copy = {
  pl: {
    subject: (n: string) => `Płatność za zamówienie ${n} potwierdzona`,
    heading: 'Dziękujemy, płatność dotarła',
    greeting: (name: string) => `Dzień dobry ${name},`,
    paid: (amount: string, n: string, date: string) =>
      `otrzymaliśmy płatność ${amount} za zamówienie ${n} (${date}). Zamówienie jest opłacone i przekazaliśmy je do realizacji.`,
    invoice: (inv: string) => `W załączniku znajdziesz fakturę ${inv} w formacie PDF.`,
    cta: 'Zobacz zamówienie',
  },
  en: {
    subject: (n: string) => `Payment confirmed for order ${n}`,
    heading: 'Thank you, your payment has arrived',
    greeting: (name: string) => `Hello ${name},`,
    paid: (amount: string, n: string, date: string) =>
      `we have received your payment of ${amount} for order ${n} (${date}). The order is paid and we are now preparing it.`,
    invoice: (inv: string) => `Invoice ${inv} is attached to this email as a PDF.`,
    cta: 'View your order',
  },
} satisfies Record<Locale, unknown>

export const subject = (p: Pick<PaymentConfirmedProps, 'locale' | 'orderNumber'>) =>
  copy[p.locale].subject(p.orderNumber)

export function PaymentConfirmedEmail(p: PaymentConfirmedProps) {
  const t = copy[p.locale]
  return (
    <EmailLayout locale={p.locale} preview={t.subject(p.orderNumber)}>
      <Heading as="h1" style={styles.h1}>
        {t.heading}
      </Heading>
      <Text style={styles.p}>{t.greeting(p.customerName)}</Text>
      <Text style={styles.p}>
        {t.paid(
          formatMoney(p.totalMinor, p.currency, p.locale),
          p.orderNumber,
          formatDateTime(p.paidAt, p.locale),
        )}
      </Text>
      {p.invoiceNumber ? <Text style={styles.p}>{t.invoice(p.invoiceNumber)}</Text> : null}
      <CallToAction href={p.orderUrl} label={t.cta} locale={p.locale} />
    </EmailLayout>
  )
}

export default PaymentConfirmedEmail

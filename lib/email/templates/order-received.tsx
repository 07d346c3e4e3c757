import { Heading, Text } from '@react-email/components'
import type { CSSProperties } from 'react'
import { formatDateTime, formatMoney, type Locale } from './format.ts'
import { CallToAction, EmailLayout, styles } from './layout.tsx'

export type OrderLine = { name: string; quantity: number; unitPriceMinor: number; totalMinor: number }

export type OrderReceivedProps = {
  locale: Locale
  orderNumber: string
  customerName: string
  lines: OrderLine[]
  totalMinor: number
  currency: string
  orderUrl: string
  placedAt: Date | string
}

const copy = {
  pl: {
    subject: (n: string) => `Przyjęliśmy Twoje zamówienie ${n}`,
    heading: (n: string) => `Dziękujemy za zamówienie ${n}`,
    greeting: (name: string) => `Dzień dobry ${name},`,
    intro: (date: string) =>
      `przyjęliśmy Twoje zamówienie złożone ${date}. Gdy tylko otrzymamy potwierdzenie płatności, wyślemy kolejną wiadomość i zaczniemy je realizować.`,
    product: 'Produkt',
    quantity: 'Ilość',
    unitPrice: 'Cena',
    lineTotal: 'Wartość',
    total: 'Razem do zapłaty',
    cta: 'Zobacz zamówienie',
  },
  en: {
    subject: (n: string) => `We have received your order ${n}`,
    heading: (n: string) => `Thank you for your order ${n}`,
    greeting: (name: string) => `Hello ${name},`,
    intro: (date: string) =>
      `we have received the order you placed on ${date}. As soon as your payment is confirmed we will email you again and start preparing it.`,
    product: 'Product',
    quantity: 'Qty',
    unitPrice: 'Price',
    lineTotal: 'Total',
    total: 'Total to pay',
    cta: 'View your order',
  },
} satisfies Record<Locale, unknown>

export const subject = (p: Pick<OrderReceivedProps, 'locale' | 'orderNumber'>) =>
  copy[p.locale].subject(p.orderNumber)

const cell: CSSProperties = {
  color: '#1f2937',
  fontSize: '14px',
  lineHeight: '20px',
  padding: '6px 0 6px 12px',
  borderBottom: '1px solid #e5e7eb',
  textAlign: 'right',
  verticalAlign: 'top',
  whiteSpace: 'nowrap',
}
const head: CSSProperties = { ...cell, color: '#4b5563', fontWeight: 600 }

export function OrderReceivedEmail(p: OrderReceivedProps) {
  const t = copy[p.locale]
  const money = (minor: number) => formatMoney(minor, p.currency, p.locale)
  return (
    <EmailLayout locale={p.locale} preview={t.subject(p.orderNumber)}>
      <Heading as="h1" style={styles.h1}>
        {t.heading(p.orderNumber)}
      </Heading>
      <Text style={styles.p}>{t.greeting(p.customerName)}</Text>
      <Text style={styles.p}>{t.intro(formatDateTime(p.placedAt, p.locale))}</Text>
      <table
        data-text-format="dataTable"
        width="100%"
        cellPadding={0}
        cellSpacing={0}
        style={{ borderCollapse: 'collapse', margin: '16px 0' }}
      >
        <thead>
          <tr>
            <th style={{ ...head, textAlign: 'left' }}>{t.product}</th>
            <th style={head}>{t.quantity}</th>
            <th style={head}>{t.unitPrice}</th>
            <th style={head}>{t.lineTotal}</th>
          </tr>
        </thead>
        <tbody>
          {p.lines.map((line, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static markup, lines never reorder
            <tr key={i}>
              <td style={{ ...cell, textAlign: 'left' }}>{line.name}</td>
              <td style={cell}>{line.quantity}</td>
              <td style={cell}>{money(line.unitPriceMinor)}</td>
              <td style={cell}>{money(line.totalMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Text style={{ ...styles.p, textAlign: 'right', fontWeight: 700 }}>
        {t.total}: {money(p.totalMinor)}
      </Text>
      <CallToAction href={p.orderUrl} label={t.cta} locale={p.locale} />
    </EmailLayout>
  )
}

export default OrderReceivedEmail

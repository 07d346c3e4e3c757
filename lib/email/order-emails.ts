import type { DbTx } from '@/lib/db'
import { env } from '@/lib/env'
import type { Locale } from '@/lib/i18n/locales'
import { queueEmail } from './queue-email'

type PlacedOrder = {
  id: string
  number: string
  email: string
  customerName: string
  locale: Locale
  currency: string
  totalGrossMinor: number
  createdAt: Date
}
type Line = {
  namePl: string
  nameEn: string
  quantity: number
  unitGrossMinor: number
  lineGrossMinor: number
}

/**
 * The "order received" email, queued in the transaction that places the order. The guest's private order link is
 * known only there (the order keeps just the token's hash), so it travels sealed in the email's props.
 */
export function queueOrderReceivedEmail(tx: DbTx, order: PlacedOrder, lines: Line[], accessToken: string) {
  return queueEmail(tx, {
    template: 'order-received',
    to: order.email,
    locale: order.locale,
    idempotencyKey: `order/${order.id}/received`,
    orderId: order.id,
    props: {
      orderNumber: order.number,
      customerName: order.customerName,
      lines: lines.map((l) => ({
        name: order.locale === 'pl' ? l.namePl : l.nameEn,
        quantity: l.quantity,
        unitPriceMinor: l.unitGrossMinor,
        totalMinor: l.lineGrossMinor,
      })),
      totalMinor: order.totalGrossMinor,
      currency: order.currency,
      placedAt: order.createdAt.toISOString(),
    },
    secretProps: {
      orderUrl: `${env.APP_URL}/orders/${encodeURIComponent(order.number)}?t=${encodeURIComponent(accessToken)}`,
    },
  })
}

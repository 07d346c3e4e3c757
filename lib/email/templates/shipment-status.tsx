import { Heading, Link, Text } from '@react-email/components'
import type { Locale } from './format.ts'
import { CallToAction, EmailLayout, styles } from './layout.tsx'

export type ShipmentEmailStage = 'shipped' | 'ready_for_pickup' | 'delivered'

export type ShipmentStatusProps = {
  locale: Locale
  stage: ShipmentEmailStage
  orderNumber: string
  customerName: string
  carrierName: string
  trackingNumber: string | null
  trackingUrl: string | null
  /** the locker's name and address, for parcels waiting in a locker */
  pointName?: string | null
  pointAddress?: string | null
  /** given by some carriers; InPost sends its own code to the receiver by SMS */
  pickupCode?: string | null
  orderUrl: string
}

const copy = {
  pl: {
    subject: {
      shipped: (n: string) => `Zamówienie ${n} zostało wysłane`,
      ready_for_pickup: (n: string) => `Zamówienie ${n} czeka na odbiór`,
      delivered: (n: string) => `Zamówienie ${n} zostało doręczone`,
    },
    heading: {
      shipped: 'Paczka jest w drodze',
      ready_for_pickup: 'Paczka czeka na odbiór',
      delivered: 'Paczka doręczona',
    },
    greeting: (name: string) => `Dzień dobry ${name},`,
    body: {
      shipped: (n: string, c: string) => `przekazaliśmy zamówienie ${n} przewoźnikowi ${c}.`,
      ready_for_pickup: (n: string, c: string) => `zamówienie ${n} (${c}) czeka na odbiór.`,
      delivered: (n: string, c: string) =>
        `${c} potwierdza doręczenie zamówienia ${n}. Dziękujemy za zakupy!`,
    },
    point: (p: string) => `Punkt odbioru: ${p}`,
    code: (c: string) => `Kod odbioru: ${c}`,
    tracking: (t: string) => `Numer przesyłki: ${t}`,
    track: 'Śledź przesyłkę',
    cta: 'Zobacz zamówienie',
  },
  en: {
    subject: {
      shipped: (n: string) => `Order ${n} has shipped`,
      ready_for_pickup: (n: string) => `Order ${n} is ready for pickup`,
      delivered: (n: string) => `Order ${n} has been delivered`,
    },
    heading: {
      shipped: 'Your parcel is on its way',
      ready_for_pickup: 'Your parcel is ready for pickup',
      delivered: 'Your parcel has been delivered',
    },
    greeting: (name: string) => `Hello ${name},`,
    body: {
      shipped: (n: string, c: string) => `we have handed order ${n} to ${c}.`,
      ready_for_pickup: (n: string, c: string) => `order ${n} (${c}) is waiting for you.`,
      delivered: (n: string, c: string) =>
        `${c} confirms that order ${n} was delivered. Thank you for shopping with us!`,
    },
    point: (p: string) => `Pickup point: ${p}`,
    code: (c: string) => `Pickup code: ${c}`,
    tracking: (t: string) => `Tracking number: ${t}`,
    track: 'Track the parcel',
    cta: 'View your order',
  },
} satisfies Record<Locale, unknown>

export const subject = (p: Pick<ShipmentStatusProps, 'locale' | 'orderNumber' | 'stage'>) =>
  copy[p.locale].subject[p.stage](p.orderNumber)

export function ShipmentStatusEmail(p: ShipmentStatusProps) {
  const t = copy[p.locale]
  return (
    <EmailLayout locale={p.locale} preview={subject(p)}>
      <Heading as="h1" style={styles.h1}>
        {t.heading[p.stage]}
      </Heading>
      <Text style={styles.p}>{t.greeting(p.customerName)}</Text>
      <Text style={styles.p}>{t.body[p.stage](p.orderNumber, p.carrierName)}</Text>
      {p.stage === 'ready_for_pickup' && p.pointName ? (
        <Text style={styles.p}>{t.point([p.pointName, p.pointAddress].filter(Boolean).join(', '))}</Text>
      ) : null}
      {p.stage === 'ready_for_pickup' && p.pickupCode ? (
        <Text style={styles.p}>{t.code(p.pickupCode)}</Text>
      ) : null}
      {p.trackingNumber ? (
        <Text style={styles.p}>
          {t.tracking(p.trackingNumber)}
          {p.trackingUrl ? (
            <>
              {' · '}
              <Link href={p.trackingUrl}>{t.track}</Link>
            </>
          ) : null}
        </Text>
      ) : null}
      <CallToAction href={p.orderUrl} label={t.cta} locale={p.locale} />
    </EmailLayout>
  )
}

export default ShipmentStatusEmail

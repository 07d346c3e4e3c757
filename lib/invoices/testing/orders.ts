// Database fixtures for invoice integration tests and the benchmark: seller settings, paid orders (paid the way the
// payments code does it: transitionOrder to PAID + the issue-invoice job in one transaction) and confirmed refunds.
import type { Prisma, VatRate } from '@/generated/prisma/client'
import type { PaymentMethod } from '@/generated/prisma/enums'
import type { Db } from '@/lib/db'
import { emitLifecycleEvent } from '@/lib/events/emit'
import { createAccessToken } from '@/lib/orders/access-token'
import { transitionOrder } from '@/lib/orders/transition'

export const SELLER_SETTINGS = {
  id: 1,
  sellerName: 'Hookline Sp. z o.o.',
  sellerNip: '7771234567',
  sellerAddress: { line1: 'ul. Długa 5/7', postalCode: '00-238', city: 'Warszawa', country: 'PL' },
  sellerBankAccount: 'PL61 1090 1014 0000 0712 1981 2874',
  sellerEmail: 'faktury@hookline.example',
  placeOfIssue: 'Warszawa',
  exemptionBasis: 'art. 43 ust. 1 pkt 29 lit. c ustawy o VAT',
}

/** The same seller as the settings form submits it (for saveShopSettings). */
export const SELLER_FORM = {
  sellerName: SELLER_SETTINGS.sellerName,
  sellerNip: '777-123-45-67',
  addressLine1: SELLER_SETTINGS.sellerAddress.line1,
  postalCode: SELLER_SETTINGS.sellerAddress.postalCode,
  city: SELLER_SETTINGS.sellerAddress.city,
  country: 'PL',
  bankAccount: SELLER_SETTINGS.sellerBankAccount,
  placeOfIssue: SELLER_SETTINGS.placeOfIssue,
  invoiceNumberFormat: 'FV/{YYYY}/{NNNNNN}',
  correctiveNumberFormat: 'KOR/{YYYY}/{NNNNNN}',
  vatMethod: 'summed' as const,
}

export async function seedSellerSettings(db: Db, over: Partial<Prisma.ShopSettingsCreateInput> = {}) {
  const data = { ...SELLER_SETTINGS, ...over }
  await db.shopSettings.upsert({ where: { id: 1 }, create: data, update: data })
}

export type TFixtureLine = {
  namePl: string
  vatRate: VatRate
  unitGrossMinor: number
  quantity: number
  unit?: string
}

export const DEFAULT_LINES: TFixtureLine[] = [
  { namePl: 'Kubek ceramiczny „Żuraw”', vatRate: 'R23', unitGrossMinor: 4900, quantity: 3 },
  { namePl: 'Miód gryczany 400 g', vatRate: 'R5', unitGrossMinor: 3450, quantity: 2 },
  { namePl: 'Herbata ziołowa „Łąka”', vatRate: 'R8', unitGrossMinor: 2399, quantity: 1 },
]

let productId: string | null = null
async function fixtureProduct(db: Db): Promise<string> {
  if (productId && (await db.product.count({ where: { id: productId } }))) return productId
  const p = await db.product.create({
    data: {
      slug: `inv-fixture-${crypto.randomUUID()}`,
      sku: `INV-${crypto.randomUUID()}`,
      namePl: 'Produkt',
      nameEn: 'Product',
      descriptionPl: 'opis',
      descriptionEn: 'description',
      priceGrossMinor: 100,
      vatRate: 'R23',
      stock: 0,
    },
  })
  productId = p.id
  return p.id
}

let orderCounter = 0

/** An order in PENDING_PAYMENT (no job), with the given lines; `lines: []` makes one without lines. */
export async function createOrder(
  db: Db,
  opts: {
    lines?: TFixtureLine[]
    companyName?: string | null
    nip?: string | null
    totalGrossMinor?: number
    locale?: 'pl' | 'en'
    userId?: string
  } = {},
) {
  const lines = opts.lines ?? DEFAULT_LINES
  const pid = await fixtureProduct(db)
  const { token, hash } = createAccessToken()
  const total = lines.reduce((s, l) => s + l.unitGrossMinor * l.quantity, 0)
  const number = `HL-T-${process.pid}-${Date.now()}-${++orderCounter}`
  const order = await db.order.create({
    data: {
      number,
      accessTokenHash: hash,
      userId: opts.userId,
      email: 'lucja@example.com',
      customerName: 'Łucja Śliwińska',
      companyName: opts.companyName ?? null,
      nip: opts.nip ?? null,
      billingAddress: { line1: 'ul. Ogrodowa 1', postalCode: '80-001', city: 'Gdańsk', country: 'PL' },
      shippingAddress: { line1: 'ul. Ogrodowa 1', postalCode: '80-001', city: 'Gdańsk', country: 'PL' },
      locale: opts.locale ?? 'pl',
      totalGrossMinor: opts.totalGrossMinor ?? total,
      consentAt: new Date(),
      lines: {
        create: lines.map((l, i) => ({
          productId: pid,
          position: i + 1,
          sku: `SKU-${i + 1}`,
          namePl: l.namePl,
          nameEn: l.namePl,
          unit: l.unit ?? 'szt.',
          vatRate: l.vatRate,
          unitGrossMinor: l.unitGrossMinor,
          quantity: l.quantity,
          lineGrossMinor: l.unitGrossMinor * l.quantity,
        })),
      },
      statusChanges: { create: { toStatus: 'PENDING_PAYMENT', reason: 'order placed', actor: 'customer' } },
    },
  })
  return { id: order.id, number, token, totalGrossMinor: order.totalGrossMinor }
}

/** What the payments code does when Stripe confirms the money: PAID + the invoice job, in one transaction. */
export async function markPaid(
  db: Db,
  orderId: string,
  opts: { paymentMethod?: PaymentMethod; enqueue?: boolean } = {},
) {
  await db.$transaction(async (tx) => {
    await transitionOrder(tx, orderId, 'PAID', {
      reason: 'payment confirmed (test)',
      actor: 'stripe:evt_test',
    })
    await tx.order.update({ where: { id: orderId }, data: { paymentMethod: opts.paymentMethod ?? 'card' } })
    if (opts.enqueue !== false) {
      await emitLifecycleEvent(tx, 'order.paid', { orderId })
    }
  })
}

export async function createPaidOrder(
  db: Db,
  opts: Parameters<typeof createOrder>[1] & { enqueue?: boolean } = {},
) {
  const order = await createOrder(db, opts)
  await markPaid(db, order.id, { enqueue: opts.enqueue })
  return order
}

/** What the payments code does when Stripe confirms a refund: SUCCEEDED + refundedMinor + the corrective job. */
export async function confirmRefund(
  db: Db,
  orderId: string,
  amountMinor: number,
  opts: {
    reason?: string
    enqueue?: boolean
    status?: 'SUCCEEDED' | 'PENDING'
    /** a refund of whole units: [{ position, quantity }] */
    lines?: { position: number; quantity: number }[]
  } = {},
) {
  return db.$transaction(async (tx) => {
    const payment = await tx.payment.create({
      data: {
        orderId,
        attempt: Math.floor(Math.random() * 1e9),
        idempotencyKey: `order/${orderId}/checkout/${crypto.randomUUID()}`,
        status: 'COMPLETED',
        amountMinor: 1,
        currency: 'PLN',
      },
    })
    const status = opts.status ?? 'SUCCEEDED'
    const refund = await tx.refund.create({
      data: {
        orderId,
        paymentId: payment.id,
        amountMinor,
        currency: 'PLN',
        reason: opts.reason ?? 'requested_by_customer',
        lines: opts.lines,
        status,
        idempotencyKey: `refund/${crypto.randomUUID()}`,
        requestedBy: 'staff:test',
        confirmedAt: status === 'SUCCEEDED' ? new Date() : null,
      },
    })
    if (status === 'SUCCEEDED') {
      const o = await tx.order.update({
        where: { id: orderId },
        data: { refundedMinor: { increment: amountMinor } },
      })
      await transitionOrder(
        tx,
        orderId,
        o.refundedMinor >= o.totalGrossMinor ? 'REFUNDED' : 'PARTIALLY_REFUNDED',
        {
          reason: 'refund confirmed (test)',
          actor: 'stripe:evt_test',
        },
      )
      if (opts.enqueue !== false) {
        await emitLifecycleEvent(tx, 'refund.confirmed', { orderId, refundId: refund.id })
      }
    }
    return refund
  })
}

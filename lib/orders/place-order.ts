import { z } from 'zod'
import type { Prisma } from '@/generated/prisma/client'
import { ensureCustomer } from '@/lib/customers/customers'
import type { Db } from '@/lib/db'
import { queueOrderReceivedEmail } from '@/lib/email/order-emails'
import { AppError } from '@/lib/errors'
import { emitLifecycleEvent } from '@/lib/events/emit'
import { LOCALES } from '@/lib/i18n/locales'
import { enqueueJob } from '@/lib/jobs/enqueue'
import { checkDeliveryChoice, priceDelivery, ZDelivery } from '@/lib/shipping/delivery'
import { optionalText, ZAddress } from '@/lib/validation/address'
import { isValidNip, normalizeNip } from '@/lib/validation/nip'
import { createAccessToken } from './access-token'
import { nextOrderNumber } from './order-number'

export const MAX_QUANTITY_PER_LINE = 99
export const MAX_LINES = 50

export const ZCartLine = z.object({
  productId: z.uuid('unknown product'),
  quantity: z
    .number('must be a number')
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_QUANTITY_PER_LINE, `must be at most ${MAX_QUANTITY_PER_LINE}`),
})

export const ZCustomer = z
  .object({
    email: z.email('enter a valid email address').max(254),
    name: z.string().trim().min(2, 'required').max(120),
    phone: optionalText(
      z
        .string()
        .max(30)
        .regex(/^[+\d][\d\s-]{5,}$/, 'enter a valid phone number'),
    ),
    companyName: optionalText(z.string().max(200)),
    nip: optionalText(
      z
        .string()
        .refine((v) => isValidNip(v), 'not a valid NIP (check the digits)')
        .transform((v) => normalizeNip(v)!),
    ),
    billingAddress: ZAddress,
    shippingAddress: ZAddress,
  })
  .superRefine((c, ctx) => {
    if (c.nip && !c.companyName)
      ctx.addIssue({ code: 'custom', path: ['companyName'], message: 'required when a NIP is given' })
  })

export const ZPlaceOrder = z.object({
  lines: z
    .array(ZCartLine)
    .min(1, 'the cart is empty')
    .max(MAX_LINES, `at most ${MAX_LINES} different products per order`)
    .refine((ls) => new Set(ls.map((l) => l.productId)).size === ls.length, 'a product appears twice'),
  customer: ZCustomer,
  locale: z.enum(LOCALES),
  consent: z.literal(true, 'you must accept the terms'),
  /** the goods total the customer saw; if prices changed (or were tampered with) the order is refused */
  expectedTotalMinor: z.number().int().nonnegative().optional(),
  userId: z.uuid().optional(),
  /** the delivery method (and locker) chosen at checkout; orders made outside the checkout may have none */
  delivery: ZDelivery.optional(),
})

/** Field errors keyed by the full dotted path, e.g. `customer.billingAddress.postalCode`. */
function issuesByPath(issues: z.core.$ZodIssue[]): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const issue of issues) {
    const key = issue.path.join('.') || 'form'
    out[key] = [...(out[key] ?? []), issue.message]
  }
  return out
}

export type TPlaceOrder = z.input<typeof ZPlaceOrder>
export type PlacedOrder = { orderId: string; number: string; accessToken: string; totalGrossMinor: number }

/**
 * Places an order: prices come from the database only; stock is reserved in the same transaction that creates the
 * order (a conditional decrement, so two buyers can never both take the last unit); the job that releases an unpaid
 * order commits with it. Any refusal rolls everything back.
 */
export async function placeOrder(
  db: Db,
  input: TPlaceOrder,
  opts: { unpaidTtlMinutes: number },
): Promise<PlacedOrder> {
  const parsed = ZPlaceOrder.safeParse(input)
  if (!parsed.success) {
    throw new AppError('VALIDATION', 'The order is not valid.', {
      fieldErrors: issuesByPath(parsed.error.issues),
      cause: parsed.error,
    })
  }
  const data = parsed.data
  const { token, hash } = createAccessToken()
  // the locker is asked of the carrier before the transaction: no provider call while rows are locked
  const delivery = data.delivery ? await checkDeliveryChoice(db, data.delivery) : null

  return db.$transaction(async (tx) => {
    const ids = data.lines.map((l) => l.productId)
    const products = await tx.product.findMany({ where: { id: { in: ids } } })
    const byId = new Map(products.map((p) => [p.id, p]))
    const unknown = data.lines.filter((l) => !byId.get(l.productId)?.isActive)
    if (unknown.length) throw new AppError('VALIDATION', 'Some products in the cart are no longer sold.')
    const currencies = new Set(products.map((p) => p.currency))
    if (currencies.size !== 1)
      throw new AppError('VALIDATION', 'All products of an order must share one currency.')

    // lock product rows in a fixed order so concurrent orders touching the same products cannot deadlock
    const sorted = [...data.lines].sort((a, b) => a.productId.localeCompare(b.productId))
    const short: string[] = []
    for (const line of sorted) {
      const n = await tx.$executeRaw`
        UPDATE products SET stock = stock - ${line.quantity}, updated_at = now()
        WHERE id = ${line.productId}::uuid AND is_active AND stock >= ${line.quantity}`
      if (n === 0) short.push(byId.get(line.productId)!.nameEn)
    }
    if (short.length) throw new AppError('OUT_OF_STOCK', `Not enough stock for: ${short.join(', ')}.`)

    const lines = data.lines.map((l, i) => {
      const p = byId.get(l.productId)!
      return {
        productId: p.id,
        position: i + 1,
        sku: p.sku,
        namePl: p.namePl,
        nameEn: p.nameEn,
        unit: p.unit,
        vatRate: p.vatRate,
        unitGrossMinor: p.priceGrossMinor,
        quantity: l.quantity,
        lineGrossMinor: p.priceGrossMinor * l.quantity,
      }
    })
    const goodsTotal = lines.reduce((s, l) => s + l.lineGrossMinor, 0)
    const weightGrams = data.lines.reduce((s, l) => s + byId.get(l.productId)!.weightGrams * l.quantity, 0)
    const allLines: (Omit<(typeof lines)[number], 'productId'> & {
      productId: string | null
      kind: 'PRODUCT' | 'SHIPPING'
    })[] = lines.map((l) => ({ ...l, kind: 'PRODUCT' as const }))
    if (delivery) {
      const price = priceDelivery(
        delivery.method,
        { grossMinor: goodsTotal, weightGrams, currency: products[0]!.currency },
        data.customer,
      )
      // a free delivery is no line: the invoice lists what was charged
      if (price.priceGrossMinor > 0)
        allLines.push({
          kind: 'SHIPPING',
          productId: null,
          position: lines.length + 1,
          sku: `SHIP-${delivery.method.code}`.toUpperCase().slice(0, 40),
          namePl: `Dostawa: ${delivery.method.namePl}`,
          nameEn: `Delivery: ${delivery.method.nameEn}`,
          unit: 'usł.',
          vatRate: 'R23',
          unitGrossMinor: price.priceGrossMinor,
          quantity: 1,
          lineGrossMinor: price.priceGrossMinor,
        })
    }
    const total = allLines.reduce((s, l) => s + l.lineGrossMinor, 0)
    if (!Number.isSafeInteger(total)) throw new AppError('VALIDATION', 'The order total is too large.')
    if (data.expectedTotalMinor !== undefined && data.expectedTotalMinor !== goodsTotal)
      throw new AppError(
        'CONFLICT',
        'Prices have changed since you opened the cart. Please review your order.',
      )

    const number = await nextOrderNumber(tx)
    const c = data.customer
    const order = await tx.order.create({
      data: {
        number,
        accessTokenHash: hash,
        userId: data.userId,
        email: c.email.toLowerCase(),
        customerName: c.name,
        phone: c.phone,
        companyName: c.companyName,
        nip: c.nip,
        billingAddress: c.billingAddress as Prisma.InputJsonValue,
        shippingAddress: c.shippingAddress as Prisma.InputJsonValue,
        locale: data.locale,
        currency: products[0]!.currency,
        totalGrossMinor: total,
        consentAt: new Date(),
        lines: { create: allLines },
        shippingMethodId: delivery?.method.id,
        deliveryPoint: (delivery?.point ?? undefined) as Prisma.InputJsonValue | undefined,
        statusChanges: {
          create: { toStatus: 'PENDING_PAYMENT', reason: 'order placed', actor: 'customer' },
        },
      },
    })
    await enqueueJob(
      tx,
      'release-unpaid-order',
      { orderId: order.id },
      { jobKey: `order/${order.id}/release`, runAt: new Date(Date.now() + opts.unpaidTtlMinutes * 60_000) },
    )
    await emitLifecycleEvent(tx, 'order.placed', { orderId: order.id })
    // not a subscriber: the guest's private link (in the email, sealed) exists only in this transaction
    await queueOrderReceivedEmail(tx, order, allLines, token)
    await ensureCustomer(tx, { email: c.email, name: c.name, phone: c.phone, source: 'order' })
    return { orderId: order.id, number, accessToken: token, totalGrossMinor: total }
  })
}

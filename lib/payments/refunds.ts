import 'server-only'
import { z } from 'zod'
import type { Prisma, Refund } from '@/generated/prisma/client'
import type { Db, DbTx } from '@/lib/db'
import { AppError } from '@/lib/errors'
import { enqueueJob } from '@/lib/jobs/enqueue'
import { formatMoney } from '@/lib/money'
import { flagOrder } from './flag-order'
import { isProviderId, paymentProviders, providerName } from './providers'

export const ZRefundLine = z.object({
  position: z.number().int().positive(),
  quantity: z.number().int('whole units only').positive('must be more than zero'),
})
export type TRefundLine = z.infer<typeof ZRefundLine>

export const ZRequestRefund = z
  .object({
    orderId: z.uuid(),
    /** by amount; ignored when `lines` are given (the amount then follows from the lines) */
    amountMinor: z.number().int('whole grosze only').positive('must be more than zero').optional(),
    /** by lines: whole units returned */
    lines: z.array(ZRefundLine).max(200).optional(),
    reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(500),
  })
  .refine((r) => r.amountMinor !== undefined || r.lines?.length, 'give an amount or the units to refund')

/**
 * Staff ask for a refund. Nothing is promised to the customer yet: the provider call runs in a job (with an
 * idempotency key derived from the refund), and the order changes only when the provider confirms it.
 */
export async function requestRefund(db: Db, input: z.input<typeof ZRequestRefund>, actor: string) {
  const data = ZRequestRefund.parse(input)
  return db.$transaction(async (tx) => {
    const [order] = await tx.$queryRaw<{ status: string; total_gross_minor: number; currency: string }[]>`
      SELECT status, total_gross_minor, currency FROM orders WHERE id = ${data.orderId}::uuid FOR UPDATE`
    if (!order) throw new AppError('NOT_FOUND', 'Order not found.')
    if (order.status !== 'PAID' && order.status !== 'PARTIALLY_REFUNDED')
      throw new AppError('INVALID_TRANSITION', 'Only paid orders can be refunded.')
    const payment = await tx.payment.findFirst({
      where: { orderId: data.orderId, status: 'COMPLETED', isDuplicate: false },
      orderBy: { attempt: 'desc' },
    })
    if (!payment) throw new AppError('INVALID_TRANSITION', 'This order has no confirmed payment to refund.')
    const existing = await tx.refund.findMany({ where: { orderId: data.orderId, purpose: 'ORDER' } })
    const numbered = await tx.refund.count({ where: { orderId: data.orderId } })
    const live = existing.filter(
      (r) => r.status === 'REQUESTED' || r.status === 'PENDING' || r.status === 'SUCCEEDED',
    )
    const committed = live.reduce((s, r) => s + r.amountMinor, 0)
    const left = order.total_gross_minor - committed
    const lines = data.lines?.length ? await refundLines(tx, data.orderId, data.lines, live) : null
    const amountMinor = lines ? lines.amountMinor : data.amountMinor!
    if (amountMinor > left)
      throw new AppError(
        'VALIDATION',
        `At most ${formatMoney(left, order.currency, 'en')} is left to refund.`,
        {
          fieldErrors: { amount: [`at most ${formatMoney(left, order.currency, 'en')} is left to refund`] },
        },
      )
    const refund = await tx.refund.create({
      data: {
        orderId: data.orderId,
        paymentId: payment.id,
        amountMinor,
        currency: order.currency,
        reason: data.reason,
        lines: lines ? (lines.lines as Prisma.InputJsonValue) : undefined,
        idempotencyKey: `order/${data.orderId}/refund/${numbered + 1}`,
        requestedBy: actor,
      },
    })
    await enqueueJob(tx, 'create-refund', { refundId: refund.id }, { jobKey: `refund/${refund.id}/create` })
    return refund
  })
}

/**
 * A refund of whole units: each line can give back at most what was bought minus what earlier refunds returned;
 * the amount is the units' gross price. Not after a refund by amount: that one already lowered the invoiced
 * values of every line, so "units" would no longer match what the invoice says.
 */
async function refundLines(tx: DbTx, orderId: string, requested: TRefundLine[], live: Refund[]) {
  if (live.some((r) => r.lines === null))
    throw new AppError(
      'VALIDATION',
      'This order was already refunded by amount; refund the rest by amount too.',
    )
  const orderLines = await tx.orderLine.findMany({ where: { orderId } })
  const returned = new Map<number, number>()
  for (const r of live)
    for (const l of r.lines as TRefundLine[])
      returned.set(l.position, (returned.get(l.position) ?? 0) + l.quantity)
  let amountMinor = 0
  const merged = new Map<number, number>()
  for (const l of requested) merged.set(l.position, (merged.get(l.position) ?? 0) + l.quantity)
  for (const [position, quantity] of merged) {
    const line = orderLines.find((o) => o.position === position)
    if (!line) throw new AppError('VALIDATION', `The order has no line ${position}.`)
    const left = line.quantity - (returned.get(position) ?? 0)
    if (quantity > left)
      throw new AppError(
        'VALIDATION',
        `Line ${position} (${line.nameEn}): at most ${left} unit(s) left to refund.`,
      )
    amountMinor += quantity * line.unitGrossMinor
  }
  return { amountMinor, lines: [...merged].map(([position, quantity]) => ({ position, quantity })) }
}

/** The provider call of a requested refund. Safe to repeat: the idempotency key makes the provider answer the same. */
export async function createProviderRefund(db: Db, refundId: string) {
  const refund = await db.refund.findUnique({ where: { id: refundId }, include: { payment: true } })
  if (refund?.status !== 'REQUESTED') return { skipped: true }
  const providerId = refund.payment.provider
  if (!isProviderId(providerId))
    throw new AppError('CONFIGURATION', `no payment provider ${providerId}`, { isRetryable: false })
  const name = providerName(providerId)
  try {
    const r = await paymentProviders[providerId].createRefund(refund.payment, refund)
    await db.refund.updateMany({
      where: { id: refund.id, status: 'REQUESTED' },
      data: { status: 'PENDING', providerRefundId: r.providerRefundId, lastError: null },
    })
    return { providerRefundId: r.providerRefundId }
  } catch (err) {
    if (err instanceof AppError && !err.isRetryable) {
      await db.$transaction(async (tx) => {
        await tx.refund.update({
          where: { id: refund.id },
          data: { status: 'FAILED', lastError: err.message },
        })
        await flagOrder(tx, refund.orderId, 'refund.failed', `${name} refused the refund: ${err.message}`)
      })
    } else await db.refund.update({ where: { id: refund.id }, data: { lastError: (err as Error).message } })
    throw err
  }
}

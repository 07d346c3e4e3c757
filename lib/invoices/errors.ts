import type { Db } from '@/lib/db'
import { AppError, type ErrorCode } from '@/lib/errors'
import { logger } from '@/lib/logger'

/**
 * Something about the order or the shop's settings stops an invoice from being issued (bad buyer NIP, missing seller
 * data, no lines, ...). It is written on the order's timeline and flags the order for staff. Retryable by default:
 * once staff fix the cause, the job's next attempt (or the reschedule that the fix triggers) issues the invoice.
 */
export class InvoiceBlockedError extends AppError {
  constructor(code: ErrorCode, message: string, opts: { isRetryable?: boolean } = {}) {
    super(code, message, { isRetryable: opts.isRetryable ?? true })
    this.name = 'InvoiceBlockedError'
  }
}

export const INVOICE_ERROR_KIND = 'invoice.error'
const ATTENTION_PREFIXES = ['Invoice not issued', 'Corrective invoice not issued']
const isInvoiceReason = (reason: string) => ATTENTION_PREFIXES.some((p) => reason.startsWith(p))

/**
 * Records a blocked issue for staff, in its own small transaction (the issuing transaction has rolled back). A retry
 * failing for the same reason does not add the same entry again.
 */
export async function recordInvoiceProblem(db: Db, orderId: string, message: string, data?: object) {
  // best effort: failing to record must not hide the error that is being recorded
  await db
    .$transaction(async (tx) => {
      const last = await tx.orderTimelineEntry.findFirst({
        where: { orderId, kind: INVOICE_ERROR_KIND },
        orderBy: { createdAt: 'desc' },
        select: { message: true },
      })
      if (last?.message !== message) {
        await tx.orderTimelineEntry.create({
          data: { orderId, kind: INVOICE_ERROR_KIND, message, isError: true, data: data ?? undefined },
        })
      }
      // an earlier flag for something else keeps its reason; the timeline has both
      const order = await tx.order.findUnique({ where: { id: orderId }, select: { attentionReason: true } })
      const keep = order?.attentionReason && !isInvoiceReason(order.attentionReason)
      await tx.order.updateMany({
        where: { id: orderId },
        data: { needsAttention: true, ...(keep ? {} : { attentionReason: message.slice(0, 500) }) },
      })
    })
    .catch((err: unknown) => logger.error({ err, orderId }, 'could not record the invoice problem'))
}

/** Clears the order's flag when it was raised by invoicing (a flag for anything else stays). */
export async function clearInvoiceAttention(tx: Pick<Db, 'order'>, orderId: string) {
  await tx.order.updateMany({
    where: {
      id: orderId,
      needsAttention: true,
      OR: ATTENTION_PREFIXES.map((p) => ({ attentionReason: { startsWith: p } })),
    },
    data: { needsAttention: false, attentionReason: null },
  })
}

/** Prisma 7 (driver adapters) reports the violated constraint at meta.driverAdapterError.cause.constraint. */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  if (!err || typeof err !== 'object' || (err as { code?: unknown }).code !== 'P2002') return false
  const meta = (err as { meta?: { driverAdapterError?: { cause?: { constraint?: { index?: string } } } } })
    .meta
  return meta?.driverAdapterError?.cause?.constraint?.index === constraint
}

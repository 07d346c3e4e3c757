import type { Db, DbTx } from '@/lib/db'
import { AppError, type ErrorCode } from '@/lib/errors'
import { logger } from '@/lib/logger'
import { clearOrderFlags, raiseOrderFlag } from '@/lib/orders/flags'

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
/** the order flag invoicing raises while a document is blocked, and clears when it is issued */
export const INVOICE_BLOCKED_FLAG = 'invoice.blocked'

/**
 * Records a blocked issue for staff, in its own small transaction (the issuing transaction has rolled back): an
 * entry on the order's timeline (a retry failing for the same reason adds none) and the order flag.
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
      await raiseOrderFlag(tx, orderId, {
        source: 'invoices',
        code: INVOICE_BLOCKED_FLAG,
        message: message.slice(0, 500),
        data: (data ?? undefined) as never,
      })
    })
    .catch((err: unknown) => logger.error({ err, orderId }, 'could not record the invoice problem'))
}

/** Clears the order's invoicing flag (flags raised by other domains stay). */
export async function clearInvoiceAttention(tx: DbTx, orderId: string) {
  await clearOrderFlags(tx, orderId, [INVOICE_BLOCKED_FLAG], 'invoices')
}

/** Prisma 7 (driver adapters) reports the violated constraint at meta.driverAdapterError.cause.constraint. */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  if (!err || typeof err !== 'object' || (err as { code?: unknown }).code !== 'P2002') return false
  const meta = (err as { meta?: { driverAdapterError?: { cause?: { constraint?: { index?: string } } } } })
    .meta
  return meta?.driverAdapterError?.cause?.constraint?.index === constraint
}

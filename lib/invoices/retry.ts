import type { Db, DbTx } from '@/lib/db'
import { enqueueJob } from '@/lib/jobs/enqueue'
import { isPaidStatus } from '@/lib/orders/state-machine'

// After staff fix what blocked an invoice (seller settings, the buyer's NIP), the waiting job should not sit out its
// exponential backoff (up to hours): these move it to run now, or queue it again when it already gave up.

const ISSUE_TASKS = ['issue-invoice', 'issue-corrective-invoice']

export const invoiceJobKey = (orderId: string) => `order/${orderId}/invoice`
export const correctiveJobKey = (refundId: string) => `refund/${refundId}/corrective`

/** Moves failed-and-waiting issue jobs (all of them, or those with the given keys) to run now. */
export async function rescheduleBlockedInvoiceJobs(tx: DbTx, jobKeys?: string[]): Promise<number> {
  const rows = await tx.$queryRaw<{ n: bigint }[]>`
    WITH waiting AS (
      SELECT id FROM graphile_worker.jobs
      WHERE task_identifier = ANY(${ISSUE_TASKS}::text[]) AND last_error IS NOT NULL AND locked_at IS NULL
        AND (${jobKeys ?? null}::text[] IS NULL OR key = ANY(${jobKeys ?? null}::text[]))
    )
    SELECT count(*) AS n FROM graphile_worker.reschedule_jobs(
      ARRAY(SELECT id FROM waiting), run_at := now())`
  return Number(rows[0]?.n ?? 0)
}

async function hasPendingJob(tx: DbTx, key: string): Promise<boolean> {
  const rows = await tx.$queryRaw<
    { n: bigint }[]
  >`SELECT count(*) AS n FROM graphile_worker.jobs WHERE key = ${key}`
  return Number(rows[0]?.n ?? 0) > 0
}

export type TRetryOutcome = { rescheduled: number; enqueued: number }

/**
 * Staff "retry now" for one order, inside the caller's transaction: the invoice (when the order is paid and has
 * none) and a corrective invoice for each confirmed refund that has none. A waiting job runs now; a job that gave
 * up (dead letter) is queued again and its dead letter marked retried. Issuing stays idempotent either way.
 */
export async function retryOrderInvoicesInTx(tx: DbTx, orderId: string): Promise<TRetryOutcome> {
  const order = await tx.order.findUnique({
    where: { id: orderId },
    select: {
      status: true,
      invoices: { select: { kind: true, refundId: true } },
      refunds: { where: { status: 'SUCCEEDED' }, select: { id: true } },
    },
  })
  if (!order) return { rescheduled: 0, enqueued: 0 }
  const wanted: { key: string; enqueue: () => Promise<void> }[] = []
  if (isPaidStatus(order.status) && !order.invoices.some((i) => i.kind === 'INVOICE')) {
    const key = invoiceJobKey(orderId)
    wanted.push({ key, enqueue: () => enqueueJob(tx, 'issue-invoice', { orderId }, { jobKey: key }) })
  }
  const corrected = new Set(order.invoices.map((i) => i.refundId))
  for (const r of order.refunds.filter((r) => !corrected.has(r.id))) {
    const key = correctiveJobKey(r.id)
    wanted.push({
      key,
      enqueue: () => enqueueJob(tx, 'issue-corrective-invoice', { refundId: r.id }, { jobKey: key }),
    })
  }
  if (wanted.length === 0) return { rescheduled: 0, enqueued: 0 }
  const keys = wanted.map((w) => w.key)
  const rescheduled = await rescheduleBlockedInvoiceJobs(tx, keys)
  let enqueued = 0
  for (const w of wanted) {
    if (await hasPendingJob(tx, w.key)) continue
    await w.enqueue()
    enqueued++
  }
  await tx.jobFailure.updateMany({
    where: { jobKey: { in: keys }, retriedAt: null },
    data: { retriedAt: new Date() },
  })
  return { rescheduled, enqueued }
}

export function retryOrderInvoices(db: Db, orderId: string): Promise<TRetryOutcome> {
  return db.$transaction((tx) => retryOrderInvoicesInTx(tx, orderId))
}

'use server'

import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { formAction } from '@/lib/actions/safe-action'
import type { DbTx } from '@/lib/db'
import { retryJobFailure } from '@/lib/jobs/dead-letters'
import { enqueueJob } from '@/lib/jobs/enqueue'
import { parseAmountToMinor } from '@/lib/money'
import { cancelOrder } from '@/lib/orders/cancel-order'
import { requestRefund } from '@/lib/payments/refunds'
import { reprocessWebhookEvent } from '@/lib/webhooks/reprocess'

const orderStatus = (orderId: string) => async (tx: DbTx) =>
  (await tx.order.findUnique({ where: { id: orderId }, select: { status: true } })) ?? null

export const cancelOrderAction = formAction(
  'orders.cancel',
  z.object({ orderId: z.uuid(), reason: z.string().max(500).optional() }),
  async ({ orderId, reason }, { actor, audit }) => {
    await audit(
      {
        action: 'order.cancel',
        target: { type: 'order', id: orderId },
        before: orderStatus(orderId),
        after: async (tx) => ({ ...(await orderStatus(orderId)(tx)), reason: reason?.trim() || null }),
      },
      (db) => cancelOrder(db, orderId, { actor: `staff:${actor.userId}`, reason }),
    )
    revalidatePath(`/admin/orders/${orderId}`)
    return { ok: true, message: 'Order cancelled; its stock is back on sale.' }
  },
)

export const retryJobAction = formAction(
  'jobs.retry',
  z.object({ failureId: z.uuid() }),
  async ({ failureId }, { audit }) => {
    await audit({ action: 'job.retry', target: { type: 'job_failure', id: failureId } }, (db) =>
      retryJobFailure(db, failureId),
    )
    revalidatePath('/admin/jobs')
    return { ok: true, message: 'Job queued again.' }
  },
)

export const refundOrderAction = formAction(
  'refund.create',
  z
    .object({
      orderId: z.uuid(),
      amount: z.string().default(''),
      reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(500),
    })
    .catchall(z.string()),
  async ({ orderId, amount, reason, ...rest }, { actor, audit }) => {
    // units_<position> fields: whole units per order line; when any is set, the refund is by lines
    const lines = Object.entries(rest).flatMap(([k, v]) => {
      const position = Number(k.match(/^units_(\d+)$/)?.[1])
      const quantity = Number(v)
      return position && Number.isInteger(quantity) && quantity > 0 ? [{ position, quantity }] : []
    })
    const amountMinor = parseAmountToMinor(amount)
    if (!lines.length && amountMinor === null)
      return {
        ok: false,
        message: 'Enter an amount like 12.30, or the units to refund.',
        fieldErrors: { amount: ['enter an amount like 12.30'] },
      }
    const request = { orderId, reason, ...(lines.length ? { lines } : { amountMinor: amountMinor! }) }
    await audit(
      {
        action: 'refund.create',
        target: { type: 'order', id: orderId },
        before: orderStatus(orderId),
        after: async (tx) => {
          const refund = await tx.refund.findFirst({
            where: { orderId },
            orderBy: { createdAt: 'desc' },
            select: { id: true, amountMinor: true, currency: true, status: true },
          })
          return { ...refund, lines: lines.length ? lines : null, reason }
        },
      },
      (db) => requestRefund(db, request, `staff:${actor.userId}`),
    )
    revalidatePath(`/admin/orders/${orderId}`)
    return { ok: true, message: 'Refund requested. The order changes when Stripe confirms it.' }
  },
)

export const reprocessEventAction = formAction(
  'webhooks.reprocess',
  z.object({ eventId: z.uuid() }),
  async ({ eventId }, { audit }) => {
    await audit({ action: 'webhook.reprocess', target: { type: 'webhook_event', id: eventId } }, (db) =>
      reprocessWebhookEvent(db, eventId),
    )
    revalidatePath('/admin/webhooks')
    return { ok: true, message: 'Queued for processing.' }
  },
)

export const runReconciliationAction = formAction(
  'webhooks.reprocess',
  z.object({}),
  async (_, { audit }) => {
    await audit({ action: 'reconciliation.run', target: { type: 'reconciliation' } }, (db) =>
      db.$transaction((tx) =>
        enqueueJob(tx, 'reconcile-payments', { reason: 'staff' }, { jobKey: 'reconcile-payments/manual' }),
      ),
    )
    revalidatePath('/admin/webhooks')
    return { ok: true, message: 'Reconciliation queued; results appear below in a moment.' }
  },
)

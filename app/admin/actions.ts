'use server'

import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { formAction } from '@/lib/actions/safe-action'
import { prisma } from '@/lib/db'
import { retryJobFailure } from '@/lib/jobs/dead-letters'
import { enqueueJob } from '@/lib/jobs/enqueue'
import { parseAmountToMinor } from '@/lib/money'
import { cancelOrder } from '@/lib/orders/cancel-order'
import { requestRefund } from '@/lib/payments/refunds'
import { reprocessWebhookEvent } from '@/lib/webhooks/reprocess'

export const cancelOrderAction = formAction(
  'staff',
  z.object({ orderId: z.uuid(), reason: z.string().max(500).optional() }),
  async ({ orderId, reason }, { actor }) => {
    await cancelOrder(prisma, orderId, { actor: `staff:${actor!.userId}`, reason })
    revalidatePath(`/admin/orders/${orderId}`)
    return { ok: true, message: 'Order cancelled; its stock is back on sale.' }
  },
)

export const retryJobAction = formAction(
  'staff',
  z.object({ failureId: z.uuid() }),
  async ({ failureId }) => {
    await retryJobFailure(prisma, failureId)
    revalidatePath('/admin/jobs')
    return { ok: true, message: 'Job queued again.' }
  },
)

export const refundOrderAction = formAction(
  'staff',
  z
    .object({
      orderId: z.uuid(),
      amount: z.string().default(''),
      reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(500),
    })
    .catchall(z.string()),
  async ({ orderId, amount, reason, ...rest }, { actor }) => {
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
    await requestRefund(
      prisma,
      { orderId, reason, ...(lines.length ? { lines } : { amountMinor: amountMinor! }) },
      `staff:${actor!.userId}`,
    )
    revalidatePath(`/admin/orders/${orderId}`)
    return { ok: true, message: 'Refund requested. The order changes when Stripe confirms it.' }
  },
)

export const reprocessEventAction = formAction(
  'staff',
  z.object({ eventId: z.uuid() }),
  async ({ eventId }) => {
    await reprocessWebhookEvent(prisma, eventId)
    revalidatePath('/admin/webhooks')
    return { ok: true, message: 'Queued for processing.' }
  },
)

export const runReconciliationAction = formAction('staff', z.object({}), async () => {
  await prisma.$transaction((tx) =>
    enqueueJob(tx, 'reconcile-payments', { reason: 'staff' }, { jobKey: 'reconcile-payments/manual' }),
  )
  revalidatePath('/admin/webhooks')
  return { ok: true, message: 'Reconciliation queued; results appear below in a moment.' }
})

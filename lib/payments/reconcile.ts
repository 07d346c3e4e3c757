import 'server-only'
import type { Prisma } from '@/generated/prisma/client'
import type { Db } from '@/lib/db'
import { stripeInboundEvent } from '@/lib/intake/adapters/stripe'
import { recordInboundEvent } from '@/lib/intake/store'
import { callStripe } from '@/lib/integrations/stripe'
import { isProviderId, providerName } from './providers'
import { syncPayment } from './sync-payment'

const MAX_EVENTS = 500

/**
 * The safety net for lost webhooks: asks each attempt's provider (Stripe, PayU) for the state of attempts still
 * open after RECONCILE_AFTER_MINUTES, applies it through the same code path as the webhook handlers, and pulls
 * events Stripe could not deliver into the normal processing queue. Records what it fixed.
 */
export async function reconcilePayments(db: Db, opts: { olderThanMinutes: number; now?: Date }) {
  const now = opts.now ?? new Date()
  const run = await db.reconciliationRun.create({ data: {} })
  const fixed: { orderId: string; from: string; to: string; detail: string }[] = []
  let checked = 0
  let recovered = 0
  try {
    const stale = await db.payment.findMany({
      where: {
        status: { in: ['OPEN', 'CREATING', 'PROCESSING', 'COMPLETED'] },
        providerCheckoutId: { not: null },
        createdAt: { lt: new Date(now.getTime() - opts.olderThanMinutes * 60_000) },
        order: { status: { in: ['PENDING_PAYMENT', 'PAYMENT_PROCESSING'] } },
      },
      include: { order: { select: { status: true } } },
      take: 200,
    })
    for (const p of stale) {
      if (!isProviderId(p.provider)) continue
      checked++
      const result = await syncPayment(db, p.provider, p.providerCheckoutId!, 'reconciliation', {
        orderId: p.orderId,
      })
      const after = await db.order.findUniqueOrThrow({ where: { id: p.orderId }, select: { status: true } })
      if (after.status !== p.order.status) {
        fixed.push({ orderId: p.orderId, from: p.order.status, to: after.status, detail: result.detail })
        await db.orderTimelineEntry.create({
          data: {
            orderId: p.orderId,
            kind: 'reconciliation.fixed',
            message: `Reconciliation found the payment ${after.status === 'PAID' ? 'paid' : after.status.toLowerCase()} at ${providerName(p.provider)} (webhook missed): ${p.order.status} → ${after.status}`,
          },
        })
      }
    }

    const since = Math.floor(now.getTime() / 1000) - 3 * 24 * 3600
    let startingAfter: string | undefined
    let seen = 0
    for (;;) {
      const page = await callStripe({ operation: 'events.list' }, (s) =>
        s.events.list({
          delivery_success: false,
          created: { gte: since },
          limit: 100,
          starting_after: startingAfter,
        }),
      )
      for (const event of page.data)
        if (await recordInboundEvent(db, 'stripe', stripeInboundEvent(event), 'reconciliation')) recovered++
      seen += page.data.length
      if (!page.has_more || seen >= MAX_EVENTS || !page.data.length) break
      startingAfter = page.data[page.data.length - 1]!.id
    }
    await db.reconciliationRun.update({
      where: { id: run.id },
      data: {
        finishedAt: new Date(),
        checkedPayments: checked,
        fixedOrders: fixed.length,
        recoveredEvents: recovered,
        details: { fixed } as Prisma.InputJsonValue,
      },
    })
    return { runId: run.id, checked, fixed, recovered }
  } catch (err) {
    await db.reconciliationRun.update({
      where: { id: run.id },
      data: {
        finishedAt: new Date(),
        checkedPayments: checked,
        fixedOrders: fixed.length,
        recoveredEvents: recovered,
        error: (err as Error).message,
        details: { fixed } as Prisma.InputJsonValue,
      },
    })
    throw err
  }
}

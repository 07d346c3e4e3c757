import type { OrderStatus } from '@/generated/prisma/enums'
import type { DbTx } from '@/lib/db'
import { AppError } from '@/lib/errors'
import { emitLifecycleEvent } from '@/lib/events/emit'
import { decideTransition } from './state-machine'

export type TransitionResult =
  | { changed: true; from: OrderStatus; to: OrderStatus }
  | { changed: false; status: OrderStatus; reason: 'already' | 'not-allowed' }

/**
 * Moves an order to `to` inside the caller's transaction. The row lock (FOR UPDATE) serialises concurrent
 * transitions of one order, so two workers handling duplicate events cannot both apply one.
 * Returns changed=false (and writes nothing) for a no-op or a transition the state machine refuses.
 */
export async function transitionOrder(
  tx: DbTx,
  orderId: string,
  to: OrderStatus,
  opts: { reason: string; actor: string; strict?: boolean },
): Promise<TransitionResult> {
  const rows = await tx.$queryRaw<{ status: OrderStatus }[]>`
    SELECT status FROM orders WHERE id = ${orderId}::uuid FOR UPDATE`
  const current = rows[0]?.status
  if (!current) throw new AppError('NOT_FOUND', `order ${orderId} not found`)
  const decision = decideTransition(current, to)
  if (decision.kind === 'noop') return { changed: false, status: current, reason: 'already' }
  if (decision.kind === 'reject') {
    if (opts.strict) throw new AppError('INVALID_TRANSITION', decision.reason)
    return { changed: false, status: current, reason: 'not-allowed' }
  }
  const now = new Date()
  await tx.order.update({
    where: { id: orderId },
    data: {
      status: to,
      ...(to === 'PAID' ? { paidAt: now } : {}),
      ...(to === 'CANCELLED' ? { cancelledAt: now } : {}),
    },
  })
  await tx.orderStatusChange.create({
    data: { orderId, fromStatus: current, toStatus: to, reason: opts.reason, actor: opts.actor },
  })
  if (to === 'CANCELLED') await emitLifecycleEvent(tx, 'order.cancelled', { orderId })
  return { changed: true, from: current, to }
}

import type { FulfilmentStatus } from '@/generated/prisma/enums'
import type { DbTx } from '@/lib/db'
import { AppError } from '@/lib/errors'
import { emitLifecycleEvent } from '@/lib/events/emit'

// Fulfilment is the second axis of an order's status, apart from payment. It only moves forward: courier statuses
// arrive late and out of order, and a late "shipped" must never undo "delivered". Steps may be skipped (a parcel
// seen first as delivered). RETURNED needs the parcel to have left (shipped, ready for pickup or delivered).

export const FULFILMENT_STATUSES = [
  'UNFULFILLED',
  'IN_PREPARATION',
  'SHIPPED',
  'READY_FOR_PICKUP',
  'DELIVERED',
  'RETURNED',
] as const satisfies readonly FulfilmentStatus[]

const RANK: Record<FulfilmentStatus, number> = Object.fromEntries(
  FULFILMENT_STATUSES.map((s, i) => [s, i]),
) as Record<FulfilmentStatus, number>

export type TFulfilmentDecision =
  | { kind: 'apply'; from: FulfilmentStatus; to: FulfilmentStatus }
  | { kind: 'noop'; status: FulfilmentStatus }
  | { kind: 'reject'; from: FulfilmentStatus; to: FulfilmentStatus; reason: string }

export function decideFulfilment(from: FulfilmentStatus, to: FulfilmentStatus): TFulfilmentDecision {
  if (from === to) return { kind: 'noop', status: from }
  if (to === 'RETURNED' && RANK[from] < RANK.SHIPPED)
    return { kind: 'reject', from, to, reason: 'an order that was never sent cannot come back' }
  if (RANK[to] < RANK[from])
    return { kind: 'reject', from, to, reason: `fulfilment never moves back from ${from} to ${to}` }
  return { kind: 'apply', from, to }
}

export type TFulfilmentResult =
  | { changed: true; from: FulfilmentStatus; to: FulfilmentStatus }
  | { changed: false; status: FulfilmentStatus; reason: 'already' | 'not-allowed' }

/**
 * Moves an order's fulfilment status forward inside the caller's transaction (row lock on the order), writes it
 * on the timeline and emits `order.fulfilment_changed` for subscribers (emails, accounting, ...).
 */
export async function setFulfilmentStatus(
  tx: DbTx,
  orderId: string,
  to: FulfilmentStatus,
  opts: { reason: string; actor: string; strict?: boolean },
): Promise<TFulfilmentResult> {
  const rows = await tx.$queryRaw<{ fulfilment_status: FulfilmentStatus }[]>`
    SELECT fulfilment_status FROM orders WHERE id = ${orderId}::uuid FOR UPDATE`
  const current = rows[0]?.fulfilment_status
  if (!current) throw new AppError('NOT_FOUND', `order ${orderId} not found`)
  const d = decideFulfilment(current, to)
  if (d.kind === 'noop') return { changed: false, status: current, reason: 'already' }
  if (d.kind === 'reject') {
    if (opts.strict) throw new AppError('INVALID_TRANSITION', d.reason)
    return { changed: false, status: current, reason: 'not-allowed' }
  }
  await tx.order.update({ where: { id: orderId }, data: { fulfilmentStatus: to } })
  await tx.orderTimelineEntry.create({
    data: {
      orderId,
      kind: 'fulfilment.status',
      message: `Fulfilment ${current} → ${to}: ${opts.reason} (${opts.actor})`.slice(0, 1000),
      data: { from: current, to, actor: opts.actor },
    },
  })
  await emitLifecycleEvent(tx, 'order.fulfilment_changed', { orderId, from: current, to })
  return { changed: true, from: current, to }
}

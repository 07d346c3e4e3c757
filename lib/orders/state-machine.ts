// Order statuses and every allowed transition, in one place. Transitions are idempotent (same status: no-op) and
// monotonic: a late or repeated event never moves an order backwards (a late `expired` never un-pays an order).
import type { OrderStatus } from '@/generated/prisma/enums'

export const ORDER_STATUSES = [
  'PENDING_PAYMENT',
  'PAYMENT_PROCESSING',
  'PAID',
  'PARTIALLY_REFUNDED',
  'REFUNDED',
  'CANCELLED',
] as const satisfies readonly OrderStatus[]

const ALLOWED: Record<OrderStatus, readonly OrderStatus[]> = {
  PENDING_PAYMENT: ['PAYMENT_PROCESSING', 'PAID', 'CANCELLED'],
  // an asynchronous payment that fails sends the order back so the customer can pay another way
  PAYMENT_PROCESSING: ['PAID', 'PENDING_PAYMENT', 'CANCELLED'],
  PAID: ['PARTIALLY_REFUNDED', 'REFUNDED'],
  PARTIALLY_REFUNDED: ['REFUNDED'],
  REFUNDED: [],
  // money confirmed for an order that was already cancelled is never ignored: it is booked and flagged for staff
  CANCELLED: ['PAID'],
}

export type TransitionDecision =
  | { kind: 'apply'; from: OrderStatus; to: OrderStatus }
  | { kind: 'noop'; status: OrderStatus }
  | { kind: 'reject'; from: OrderStatus; to: OrderStatus; reason: string }

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ALLOWED[from].includes(to)
}

export function decideTransition(from: OrderStatus, to: OrderStatus): TransitionDecision {
  if (from === to) return { kind: 'noop', status: from }
  if (canTransition(from, to)) return { kind: 'apply', from, to }
  return { kind: 'reject', from, to, reason: `an order in ${from} cannot become ${to}` }
}

/** Statuses in which the customer's money is (at least partly) with the shop. */
export const isPaidStatus = (s: OrderStatus) => s === 'PAID' || s === 'PARTIALLY_REFUNDED' || s === 'REFUNDED'
export const isAwaitingPayment = (s: OrderStatus) => s === 'PENDING_PAYMENT' || s === 'PAYMENT_PROCESSING'
export const allowedTransitions = (from: OrderStatus) => ALLOWED[from]

import { describe, expect, it } from 'vitest'
import { canTransition, decideTransition, ORDER_STATUSES } from './state-machine'

describe('order state machine', () => {
  it('pays an order awaiting payment, directly or after processing', () => {
    expect(decideTransition('PENDING_PAYMENT', 'PAID')).toEqual({
      kind: 'apply',
      from: 'PENDING_PAYMENT',
      to: 'PAID',
    })
    expect(canTransition('PENDING_PAYMENT', 'PAYMENT_PROCESSING')).toBe(true)
    expect(canTransition('PAYMENT_PROCESSING', 'PAID')).toBe(true)
  })
  it('treats a repeated transition as a no-op', () => {
    for (const s of ORDER_STATUSES) expect(decideTransition(s, s)).toEqual({ kind: 'noop', status: s })
  })
  it('never moves a paid order back (a late expiry or a failed async payment does not un-pay)', () => {
    for (const from of ['PAID', 'PARTIALLY_REFUNDED', 'REFUNDED'] as const) {
      for (const to of ['PENDING_PAYMENT', 'PAYMENT_PROCESSING', 'CANCELLED'] as const) {
        expect(decideTransition(from, to).kind).toBe('reject')
      }
    }
  })
  it('refunds only paid orders, and a full refund is final', () => {
    expect(canTransition('PAID', 'PARTIALLY_REFUNDED')).toBe(true)
    expect(canTransition('PAID', 'REFUNDED')).toBe(true)
    expect(canTransition('PARTIALLY_REFUNDED', 'REFUNDED')).toBe(true)
    expect(canTransition('PENDING_PAYMENT', 'REFUNDED')).toBe(false)
    for (const to of ORDER_STATUSES) if (to !== 'REFUNDED') expect(canTransition('REFUNDED', to)).toBe(false)
  })
  it('books money that arrives for a cancelled order instead of ignoring it', () => {
    expect(canTransition('CANCELLED', 'PAID')).toBe(true)
    expect(canTransition('CANCELLED', 'PENDING_PAYMENT')).toBe(false)
  })
  it('lets a failed asynchronous payment return the order to awaiting payment', () => {
    expect(canTransition('PAYMENT_PROCESSING', 'PENDING_PAYMENT')).toBe(true)
  })
})

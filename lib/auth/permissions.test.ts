import { describe, expect, it } from 'vitest'
import { can, PERMISSIONS } from './permissions'

describe('permission map', () => {
  it('the owner may do everything; a customer nothing', () => {
    for (const p of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) {
      expect(can('OWNER', p), p).toBe(true)
      expect(can('CUSTOMER', p), p).toBe(false)
      expect(can(null, p), p).toBe(false)
    }
  })
  it('staff run orders, refunds, shipments and correspondence, never settings, staff or exports', () => {
    expect(
      ['orders.cancel', 'refund.create', 'shipments.manage', 'correspondence.send'].every((p) =>
        can('STAFF', p as never),
      ),
    ).toBe(true)
    expect(
      ['settings.edit', 'staff.manage', 'audit.read', 'exports.read'].some((p) => can('STAFF', p as never)),
    ).toBe(false)
  })
  it('the accountant reads orders, invoices and exports and changes nothing', () => {
    expect(['orders.read', 'invoices.read', 'exports.read'].every((p) => can('ACCOUNTANT', p as never))).toBe(
      true,
    )
    const writes = Object.keys(PERMISSIONS).filter(
      (p) => !/\.(read|enter)$/.test(p) && p !== 'account.manage',
    )
    expect(writes.filter((p) => can('ACCOUNTANT', p as never))).toEqual([])
  })
})

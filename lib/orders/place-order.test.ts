import { beforeEach, describe, expect, it } from 'vitest'
import { prisma } from '@/lib/db'
import { AppError } from '@/lib/errors'
import { countJobs, createProduct, customer, resetDb } from '@/test/db'
import { verifyAccessToken } from './access-token'
import { placeOrder } from './place-order'

const opts = { unpaidTtlMinutes: 60 }
const order = (lines: { productId: string; quantity: number }[], over: Record<string, unknown> = {}) =>
  placeOrder(prisma, { lines, customer: customer(), locale: 'pl', consent: true, ...over } as never, opts)

async function expectRefused(p: Promise<unknown>, code: AppError['code']) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  expect((err as AppError).code).toBe(code)
  return err as AppError
}

async function snapshot() {
  return {
    orders: await prisma.order.count(),
    stock: (await prisma.product.findMany({ orderBy: { sku: 'asc' }, select: { stock: true } })).map(
      (p) => p.stock,
    ),
    jobs: await countJobs(),
  }
}

describe('placeOrder', () => {
  beforeEach(resetDb)

  it('prices from the database, reserves stock, numbers the order and enqueues its release in one transaction', async () => {
    const a = await createProduct({ priceGrossMinor: 1230, stock: 5 })
    const b = await createProduct({ priceGrossMinor: 4999, stock: 2, vatRate: 'R8' })
    const placed = await order([
      { productId: a.id, quantity: 3 },
      { productId: b.id, quantity: 2 },
    ])
    expect(placed.totalGrossMinor).toBe(3 * 1230 + 2 * 4999)
    expect(placed.number).toMatch(/^HL-\d{4}-000001$/)
    const saved = await prisma.order.findUniqueOrThrow({
      where: { id: placed.orderId },
      include: { lines: true },
    })
    expect(saved.status).toBe('PENDING_PAYMENT')
    expect(saved.lines.map((l) => [l.quantity, l.unitGrossMinor, l.vatRate]).sort()).toEqual(
      [
        [2, 4999, 'R8'],
        [3, 1230, 'R23'],
      ].sort(),
    )
    expect(verifyAccessToken(placed.accessToken, saved.accessTokenHash)).toBe(true)
    expect(verifyAccessToken('wrong', saved.accessTokenHash)).toBe(false)
    expect((await prisma.product.findUniqueOrThrow({ where: { id: a.id } })).stock).toBe(2)
    expect((await prisma.product.findUniqueOrThrow({ where: { id: b.id } })).stock).toBe(0)
    expect(await countJobs('release-unpaid-order')).toBe(1)
    const second = await order([{ productId: a.id, quantity: 1 }])
    expect(second.number).toMatch(/-000002$/)
  })

  it('refuses a total that differs from what the customer saw (tampered or changed prices) and changes nothing', async () => {
    const a = await createProduct({ priceGrossMinor: 1000 })
    const before = await snapshot()
    const err = await expectRefused(
      order([{ productId: a.id, quantity: 1 }], { expectedTotalMinor: 1 }),
      'CONFLICT',
    )
    expect(err.message).toMatch(/Prices have changed/)
    expect(await snapshot()).toEqual(before)
  })

  it.each([
    ['zero quantity', 0],
    ['negative quantity', -1],
    ['huge quantity', 1_000_000],
    ['fractional quantity', 1.5],
  ])('refuses a %s with a field error and changes nothing', async (_label, quantity) => {
    const a = await createProduct()
    const before = await snapshot()
    const err = await expectRefused(order([{ productId: a.id, quantity }]), 'VALIDATION')
    expect(Object.keys(err.fieldErrors ?? {})).toContain('lines.0.quantity')
    expect(await snapshot()).toEqual(before)
  })

  it('refuses unknown and inactive products', async () => {
    const inactive = await createProduct({ isActive: false })
    const before = await snapshot()
    await expectRefused(
      order([{ productId: '00000000-0000-4000-8000-00000000dead', quantity: 1 }]),
      'VALIDATION',
    )
    await expectRefused(order([{ productId: inactive.id, quantity: 1 }]), 'VALIDATION')
    expect(await snapshot()).toEqual(before)
  })

  it('refuses an out-of-stock line and keeps the other lines’ stock untouched', async () => {
    const a = await createProduct({ stock: 5 })
    const b = await createProduct({ stock: 1 })
    const before = await snapshot()
    const err = await expectRefused(
      order([
        { productId: a.id, quantity: 2 },
        { productId: b.id, quantity: 2 },
      ]),
      'OUT_OF_STOCK',
    )
    expect(err.message).toContain(b.nameEn)
    expect(await snapshot()).toEqual(before)
  })

  it('refuses an empty cart, a duplicated product, a missing consent and bad customer data with field errors', async () => {
    const a = await createProduct()
    await expectRefused(order([]), 'VALIDATION')
    await expectRefused(
      order([
        { productId: a.id, quantity: 1 },
        { productId: a.id, quantity: 1 },
      ]),
      'VALIDATION',
    )
    const noConsent = await expectRefused(
      order([{ productId: a.id, quantity: 1 }], { consent: false }),
      'VALIDATION',
    )
    expect(noConsent.fieldErrors).toHaveProperty('consent')
    const bad = await expectRefused(
      order([{ productId: a.id, quantity: 1 }], {
        customer: customer({
          email: 'nope',
          nip: '1234567890',
          companyName: 'ACME',
          billingAddress: { line1: 'x', postalCode: '3000', city: 'K', country: 'PL' },
        }),
      }),
      'VALIDATION',
    )
    expect(Object.keys(bad.fieldErrors ?? {})).toEqual(
      expect.arrayContaining([
        'customer.email',
        'customer.nip',
        'customer.billingAddress.line1',
        'customer.billingAddress.postalCode',
        'customer.billingAddress.city',
      ]),
    )
    expect(await prisma.order.count()).toBe(0)
  })

  it('accepts a company with a valid NIP, normalised', async () => {
    const a = await createProduct()
    const placed = await order([{ productId: a.id, quantity: 1 }], {
      customer: customer({ companyName: 'Zażółć Sp. z o.o.', nip: 'PL 526-025-02-74' }),
    })
    const saved = await prisma.order.findUniqueOrThrow({ where: { id: placed.orderId } })
    expect(saved.nip).toBe('5260250274')
  })

  it('never sells the last units twice under concurrent orders', async () => {
    const a = await createProduct({ stock: 3 })
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => order([{ productId: a.id, quantity: 1 }])),
    )
    const ok = results.filter((r) => r.status === 'fulfilled')
    expect(ok).toHaveLength(3)
    for (const r of results)
      if (r.status === 'rejected') expect((r.reason as AppError).code).toBe('OUT_OF_STOCK')
    expect((await prisma.product.findUniqueOrThrow({ where: { id: a.id } })).stock).toBe(0)
    const numbers = (await prisma.order.findMany({ select: { number: true } })).map((o) => o.number).sort()
    expect(numbers.map((n) => n.slice(-6))).toEqual(['000001', '000002', '000003'])
  })
})

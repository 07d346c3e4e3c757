import { beforeAll, describe, expect, it } from 'vitest'
import { prisma } from '@/lib/db'
import { resetDb } from '@/test/db'
import { issueInvoice } from './issue-invoice'
import { formatInvoiceNumber, numberFormatProblem } from './numbering'
import { createPaidOrder, seedSellerSettings } from './testing/orders'

describe('number formats', () => {
  it('formats the year, month and zero-padded sequence', () => {
    expect(formatInvoiceNumber('FV/{YYYY}/{NNNNNN}', { year: 2026, month: 3, sequence: 123 })).toBe(
      'FV/2026/000123',
    )
    expect(formatInvoiceNumber('KOR/{YY}/{MM}/{NNN}', { year: 2026, month: 3, sequence: 7 })).toBe(
      'KOR/26/03/007',
    )
    expect(formatInvoiceNumber('F-{YYYY}-{N}', { year: 2026, month: 1, sequence: 1234 })).toBe('F-2026-1234')
  })

  it('refuses patterns that could repeat a number or break a file name', () => {
    expect(numberFormatProblem('FV/{NNNNNN}')).toMatch(/year/)
    expect(numberFormatProblem('FV/{YYYY}')).toMatch(/sequence/)
    expect(numberFormatProblem('FV/{YYYY}/{NNN}/{NNN}')).toMatch(/exactly one/)
    expect(numberFormatProblem('FV<{YYYY}>{NNN}')).toMatch(/may contain/)
    expect(numberFormatProblem('FV/{YYYY}/{NNNNNN}')).toBeNull()
  })
})

describe('numbering under concurrency', () => {
  const N = 200
  let orderIds: string[] = []

  beforeAll(async () => {
    await resetDb()
    await seedSellerSettings(prisma)
    orderIds = []
    for (let i = 0; i < N; i++) orderIds.push((await createPaidOrder(prisma, { enqueue: false })).id)
  })

  it(`${N} invoices issued at once over a pool of connections get unique, contiguous numbers 1..${N}`, async () => {
    const started = performance.now()
    // every order issued twice at once as well: duplicates must neither issue twice nor burn a number
    const results = await Promise.all(
      [...orderIds, ...orderIds.slice(0, 20)].map((id) => issueInvoice(prisma, id)),
    )
    const ms = performance.now() - started
    console.info(`numbering: ${N} concurrent issues (+20 duplicates) in ${ms.toFixed(0)} ms`)

    expect(results.filter((r) => r.isNew)).toHaveLength(N)
    const invoices = await prisma.invoice.findMany({ orderBy: { sequence: 'asc' } })
    expect(invoices).toHaveLength(N)
    expect(invoices.map((i) => i.sequence)).toEqual(Array.from({ length: N }, (_, i) => i + 1))
    expect(new Set(invoices.map((i) => i.number)).size).toBe(N)
    expect(new Set(invoices.map((i) => i.orderId)).size).toBe(N)
    const year = invoices[0]!.year
    expect(invoices.every((i) => i.number === `FV/${year}/${String(i.sequence).padStart(6, '0')}`)).toBe(true)
    expect(await prisma.invoiceSeriesCounter.findMany()).toEqual([{ series: 'FV', year, lastValue: N }])
  }, 120_000)
})

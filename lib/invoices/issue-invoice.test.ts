import { beforeEach, describe, expect, it } from 'vitest'
import { prisma } from '@/lib/db'
import { buildTaskList } from '@/lib/jobs/runner'
import { countJobs, resetDb } from '@/test/db'
import { ZInvoiceDocument } from './document'
import { issueInvoice } from './issue-invoice'
import { takeInvoiceSequence } from './numbering'
import { retryOrderInvoices } from './retry'
import { saveShopSettings } from './settings'
import {
  createOrder,
  createPaidOrder,
  markPaid,
  SELLER_FORM,
  SELLER_SETTINGS,
  seedSellerSettings,
} from './testing/orders'
import { updateInvoiceBuyer } from './update-invoice-buyer'

const counter = async () => (await prisma.invoiceSeriesCounter.findMany()).map((c) => [c.series, c.lastValue])
const jobHelpers = (attempts = 1) =>
  ({ job: { id: '1', attempts, max_attempts: 12, key: 'k' }, logger: console }) as never

describe('issueInvoice', () => {
  beforeEach(async () => {
    await resetDb()
    await seedSellerSettings(prisma)
  })

  it('issues a snapshot of seller, buyer, lines, payment and dates whose total is the charged amount', async () => {
    const order = await createPaidOrder(prisma, { companyName: 'Zażółć Sp. z o.o.', nip: '951-234-56-75' })
    const now = new Date('2026-01-01T00:30:00+01:00') // still 31 Dec 2025 in UTC, already 2026 in Warsaw
    const r = await issueInvoice(prisma, order.id, { now })
    expect(r).toMatchObject({ isNew: true, number: 'FV/2026/000001' })

    const inv = await prisma.invoice.findUniqueOrThrow({ where: { id: r.invoiceId } })
    expect(inv).toMatchObject({
      uniqueKey: `order/${order.id}/invoice`,
      kind: 'INVOICE',
      series: 'FV',
      year: 2026,
      sequence: 1,
      totalGrossMinor: order.totalGrossMinor,
      buyerName: 'Zażółć Sp. z o.o.',
      buyerNip: '9512345675',
      ksefStatus: 'NOT_SUBMITTED',
    })
    expect(inv.issueDate.toISOString().slice(0, 10)).toBe('2026-01-01')
    const doc = ZInvoiceDocument.parse(inv.document)
    expect(doc.totals.grossMinor).toBe(order.totalGrossMinor)
    expect(doc.totals.netMinor + doc.totals.vatMinor).toBe(order.totalGrossMinor)
    expect(doc.seller).toMatchObject({ name: SELLER_SETTINGS.sellerName, nip: SELLER_SETTINGS.sellerNip })
    expect(doc.buyer).toMatchObject({ type: 'company', nip: '9512345675', address: { city: 'Gdańsk' } })
    expect(doc.lines.map((l) => [l.name, l.quantity, l.vatRate, l.grossMinor])).toEqual([
      ['Kubek ceramiczny „Żuraw”', 3, '23', 14700],
      ['Miód gryczany 400 g', 2, '5', 6900],
      ['Herbata ziołowa „Łąka”', 1, '8', 2399],
    ])
    expect(doc.rateTotals.map((t) => t.rate)).toEqual(['23', '8', '5'])
    expect(doc.payment).toMatchObject({ status: 'paid', method: 'card' })
    expect(doc.placeOfIssue).toBe('Warszawa')
    expect(await countJobs('render-invoice-pdf')).toBe(1)
  })

  it('invoices a private person when the order has no NIP, and maps the payment method', async () => {
    const order = await createOrder(prisma)
    await markPaid(prisma, order.id, { paymentMethod: 'blik' })
    const r = await issueInvoice(prisma, order.id)
    const doc = ZInvoiceDocument.parse(
      (await prisma.invoice.findUniqueOrThrow({ where: { id: r.invoiceId } })).document,
    )
    expect(doc.buyer).toMatchObject({ type: 'person', name: 'Łucja Śliwińska' })
    expect(doc.payment.method).toBe('mobile')
  })

  it('exactly once: five concurrent handler runs and a later duplicate job issue one invoice', async () => {
    const order = await createPaidOrder(prisma)
    const task = buildTaskList(prisma)['issue-invoice']!
    await Promise.all(Array.from({ length: 5 }, () => task({ orderId: order.id }, jobHelpers())))
    await task({ orderId: order.id }, jobHelpers())
    const results = await Promise.all(Array.from({ length: 3 }, () => issueInvoice(prisma, order.id)))
    expect(results.every((r) => !r.isNew)).toBe(true)
    expect(new Set(results.map((r) => r.invoiceId)).size).toBe(1)
    expect(await prisma.invoice.count()).toBe(1)
    expect(await counter()).toEqual([['FV', 1]])
    expect(await countJobs('render-invoice-pdf')).toBe(1)
    expect(await prisma.jobFailure.count()).toBe(0)
  })

  it('the database refuses to change or delete an issued invoice (only the KSeF fields may change)', async () => {
    const order = await createPaidOrder(prisma)
    const { invoiceId } = await issueInvoice(prisma, order.id)
    await expect(
      prisma.$executeRaw`UPDATE invoices SET total_gross_minor = 1 WHERE id = ${invoiceId}::uuid`,
    ).rejects.toThrow(/immutable/)
    await expect(
      prisma.invoice.update({ where: { id: invoiceId }, data: { buyerName: 'Someone else' } }),
    ).rejects.toThrow(/immutable/)
    await expect(prisma.$executeRaw`DELETE FROM invoices WHERE id = ${invoiceId}::uuid`).rejects.toThrow(
      /cannot be deleted/,
    )
    await prisma.invoice.update({ where: { id: invoiceId }, data: { ksefStatus: 'SUBMITTED' } })
    const inv = await prisma.invoice.findUniqueOrThrow({ where: { id: invoiceId } })
    expect(inv).toMatchObject({ ksefStatus: 'SUBMITTED', totalGrossMinor: order.totalGrossMinor })
  })

  it('the invoice total must equal the charged amount exactly', async () => {
    const order = await createPaidOrder(prisma, { totalGrossMinor: 10 })
    await expect(issueInvoice(prisma, order.id)).rejects.toThrow(/differs from the charged amount/)
    expect(await prisma.invoice.count()).toBe(0)
  })
})

describe('bad input stops issuing visibly, leaves nothing behind, and the retry after the fix issues', () => {
  beforeEach(resetDb)

  async function expectBlocked(orderId: string, message: RegExp) {
    const order = await prisma.order.findUniqueOrThrow({ where: { id: orderId } })
    expect(order.needsAttention).toBe(true)
    const flags = await prisma.orderFlag.findMany({ where: { orderId, clearedAt: null } })
    expect(flags.map((f) => [f.source, f.code])).toEqual([['invoices', 'invoice.blocked']])
    expect(flags[0]!.message).toMatch(message)
    const entries = await prisma.orderTimelineEntry.findMany({ where: { orderId, kind: 'invoice.error' } })
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ isError: true })
    expect(entries[0]!.message).toMatch(message)
    expect(await prisma.invoice.count()).toBe(0)
    expect(await counter()).toEqual([])
    expect(await countJobs('render-invoice-pdf')).toBe(0)
  }

  it('missing seller settings: retryable, visible; saving the settings issues it on the next attempt', async () => {
    const order = await createPaidOrder(prisma)
    const task = buildTaskList(prisma)['issue-invoice']!
    // the runner rethrows retryable errors so graphile-worker backs off and tries again
    await expect(task({ orderId: order.id }, jobHelpers(1))).rejects.toThrow(/seller settings are missing/)
    await expect(task({ orderId: order.id }, jobHelpers(2))).rejects.toThrow(/seller settings are missing/)
    await expectBlocked(order.id, /Invoice not issued: the seller settings are missing/)
    expect(await prisma.jobFailure.count()).toBe(0)

    await saveShopSettings(prisma, SELLER_FORM)
    await task({ orderId: order.id }, jobHelpers(3))
    const inv = await prisma.invoice.findFirstOrThrow({ where: { orderId: order.id } })
    expect(inv.sequence).toBe(1)
    const o = await prisma.order.findUniqueOrThrow({ where: { id: order.id } })
    expect(o.needsAttention).toBe(false)
    expect(await prisma.orderFlag.count({ where: { orderId: order.id, clearedAt: null } })).toBe(0)
  })

  it('invalid seller settings are named', async () => {
    await seedSellerSettings(prisma, { sellerNip: '1234567890' })
    const order = await createPaidOrder(prisma)
    await expect(issueInvoice(prisma, order.id)).rejects.toThrow(/seller settings are not valid \(seller nip/)
    await expectBlocked(order.id, /seller nip/)
  })

  it("a buyer NIP with a bad checksum: staff correct it and the job's retry issues the invoice", async () => {
    await seedSellerSettings(prisma)
    const order = await createPaidOrder(prisma, { companyName: 'Firma Sp. z o.o.', nip: '9512345676' })
    await expect(issueInvoice(prisma, order.id)).rejects.toMatchObject({
      isRetryable: true,
      message: expect.stringMatching(/buyer's NIP "9512345676" is not valid/),
    })
    // a second failed attempt does not repeat the timeline entry
    await expect(issueInvoice(prisma, order.id)).rejects.toThrow()
    await expectBlocked(order.id, /NIP "9512345676" is not valid/)

    await expect(
      updateInvoiceBuyer(
        prisma,
        { orderId: order.id, companyName: 'Firma', nip: '9512345677' },
        { actor: 's' },
      ),
    ).rejects.toThrow()
    await updateInvoiceBuyer(
      prisma,
      { orderId: order.id, companyName: 'Firma Sp. z o.o.', nip: '9512345675' },
      { actor: 'staff:1' },
    )
    const r = await issueInvoice(prisma, order.id)
    expect(r.isNew).toBe(true)
    const inv = await prisma.invoice.findUniqueOrThrow({ where: { id: r.invoiceId } })
    expect(inv.buyerNip).toBe('9512345675')
    await expect(
      updateInvoiceBuyer(prisma, { orderId: order.id, nip: '', companyName: '' }, { actor: 'staff:1' }),
    ).rejects.toThrow(/already issued/)
  })

  it('an order without lines', async () => {
    await seedSellerSettings(prisma)
    const order = await createOrder(prisma, { lines: [], totalGrossMinor: 100 })
    await markPaid(prisma, order.id)
    await expect(issueInvoice(prisma, order.id)).rejects.toThrow(/the order has no lines/)
    await expectBlocked(order.id, /has no lines/)
  })

  it('a VAT-exempt line without a legal basis in the settings', async () => {
    await seedSellerSettings(prisma, { exemptionBasis: null })
    const order = await createPaidOrder(prisma, {
      lines: [{ namePl: 'Warsztaty', vatRate: 'ZW', unitGrossMinor: 25000, quantity: 1 }],
    })
    await expect(issueInvoice(prisma, order.id)).rejects.toThrow(/legal basis for the exemption/)
    await expectBlocked(order.id, /legal basis/)
  })

  it('an unpaid order is refused for good (no retry), and recorded', async () => {
    await seedSellerSettings(prisma)
    const order = await createOrder(prisma)
    const task = buildTaskList(prisma)['issue-invoice']!
    await expect(task({ orderId: order.id }, jobHelpers())).resolves.toBeUndefined()
    expect(await prisma.jobFailure.findFirst()).toMatchObject({ isPermanent: true, orderId: order.id })
    await expectBlocked(order.id, /is not paid \(status PENDING_PAYMENT\)/)
  })

  it('a failure after the number was taken gives it back (no gap)', async () => {
    await seedSellerSettings(prisma)
    const a = await createPaidOrder(prisma)
    const c = await createPaidOrder(prisma)
    await issueInvoice(prisma, a.id)
    const year = (await prisma.invoice.findFirstOrThrow()).year
    await expect(
      prisma.$transaction(async (tx) => {
        expect(await takeInvoiceSequence(tx, 'FV', year)).toBe(2)
        throw new Error('crash before commit')
      }),
    ).rejects.toThrow('crash before commit')
    await issueInvoice(prisma, c.id)
    expect((await prisma.invoice.findMany({ orderBy: { sequence: 'asc' } })).map((i) => i.sequence)).toEqual([
      1, 2,
    ])
  })
})

describe('staff retry of an order whose invoicing gave up', () => {
  beforeEach(resetDb)

  it('a waiting job is moved to now; a dead job is queued again and its dead letter marked retried', async () => {
    const order = await createPaidOrder(prisma)
    const key = `order/${order.id}/invoice`
    // the job failed once and waits for its backoff
    await prisma.$executeRaw`UPDATE graphile_worker._private_jobs
      SET attempts = 1, last_error = 'x', run_at = now() + interval '1 hour'`
    expect(await retryOrderInvoices(prisma, order.id)).toEqual({ rescheduled: 1, enqueued: 0 })
    const [job] = await prisma.$queryRaw<
      { run_at: Date }[]
    >`SELECT run_at FROM graphile_worker.jobs WHERE key = ${key}`
    expect(job!.run_at.getTime()).toBeLessThanOrEqual(Date.now() + 1000)

    // out of attempts: graphile-worker dropped it, the runner left a dead letter
    await prisma.$executeRaw`DELETE FROM graphile_worker._private_jobs`
    const dead = await prisma.jobFailure.create({
      data: {
        taskName: 'issue-invoice',
        jobKey: key,
        payload: { orderId: order.id },
        error: 'x',
        attempts: 12,
        isPermanent: false,
      },
    })
    expect(await retryOrderInvoices(prisma, order.id)).toEqual({ rescheduled: 0, enqueued: 1 })
    expect(await countJobs('issue-invoice')).toBe(1)
    expect((await prisma.jobFailure.findUniqueOrThrow({ where: { id: dead.id } })).retriedAt).not.toBeNull()

    await seedSellerSettings(prisma)
    await issueInvoice(prisma, order.id)
    await prisma.$executeRaw`DELETE FROM graphile_worker._private_jobs`
    expect(await retryOrderInvoices(prisma, order.id)).toEqual({ rescheduled: 0, enqueued: 0 })
  })
})

import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { prisma } from '@/lib/db'
import { buildTaskList } from '@/lib/jobs/runner'
import { countJobs, resetDb } from '@/test/db'
import { ZInvoiceDocument } from './document'
import { exportInvoiceXml } from './export-xml'
import { correctionReason, issueCorrectiveInvoice } from './issue-corrective-invoice'
import { issueInvoice } from './issue-invoice'
import { confirmRefund, createPaidOrder, seedSellerSettings } from './testing/orders'
import { cleanUpTestFiles, validateFa3 } from './testing/tools'

afterAll(cleanUpTestFiles)

const load = async (id: string) => {
  const row = await prisma.invoice.findUniqueOrThrow({ where: { id } })
  return { row, doc: ZInvoiceDocument.parse(row.document) }
}

function expectValidXml(row: { document: unknown; createdAt: Date }) {
  const x = exportInvoiceXml(row)
  if (!x.ok) throw new Error(x.message)
  const { ok, message } = validateFa3(x.xml)
  expect(ok, message).toBe(true)
  return x.xml
}

describe('issueCorrectiveInvoice', () => {
  beforeEach(async () => {
    await resetDb()
    await seedSellerSettings(prisma)
  })

  it('a refund of whole units lowers those lines’ quantities; the difference is minus the refund exactly', async () => {
    const order = await createPaidOrder(prisma)
    const original = await issueInvoice(prisma, order.id)
    const { doc: invoice } = await load(original.invoiceId)
    const first = invoice.lines[0]!
    const units = Math.min(first.quantity, 2)
    const amount = units * first.unitGrossMinor
    const refund = await confirmRefund(prisma, order.id, amount, {
      lines: [{ position: 1, quantity: units }],
    })
    const r = await issueCorrectiveInvoice(prisma, refund.id)
    const { row, doc } = await load(r.invoiceId)
    expect(row.totalGrossMinor).toBe(-amount)
    const c = doc.corrected!
    expect(c.linesAfter[0]!.quantity).toBe(first.quantity - units)
    expect(c.linesAfter[0]!.unitGrossMinor).toBe(first.unitGrossMinor)
    expect(c.linesAfter.slice(1)).toEqual(c.linesBefore.slice(1))
    expect(c.diffTotals.grossMinor).toBe(-amount)
    expectValidXml(row)
  })

  it('a partial refund: differences equal minus the refund exactly, KOR series, linked to the original', async () => {
    const order = await createPaidOrder(prisma, { companyName: 'Zażółć Sp. z o.o.', nip: '9512345675' })
    const original = await issueInvoice(prisma, order.id)
    const refund = await confirmRefund(prisma, order.id, 5001)
    const r = await issueCorrectiveInvoice(prisma, refund.id)
    expect(r.number).toMatch(/^KOR\/\d{4}\/000001$/)

    const { row, doc } = await load(r.invoiceId)
    expect(row).toMatchObject({
      kind: 'CORRECTIVE',
      series: 'KOR',
      sequence: 1,
      refundId: refund.id,
      correctedInvoiceId: original.invoiceId,
      uniqueKey: `refund/${refund.id}/corrective`,
      totalGrossMinor: -5001,
      buyerNip: '9512345675',
    })
    expect(row.totalNetMinor + row.totalVatMinor).toBe(-5001)
    expect(doc.kind).toBe('corrective')
    const c = doc.corrected!
    expect(c.number).toBe(original.number)
    expect(c.reason).toBe('Zwrot na żądanie klienta')
    expect(c.diffTotals.grossMinor).toBe(-5001)
    expect(c.totalsBefore.grossMinor).toBe(order.totalGrossMinor)
    expect(c.totalsAfter.grossMinor).toBe(order.totalGrossMinor - 5001)
    expect(c.linesAfter.map((l) => l.quantity)).toEqual(c.linesBefore.map((l) => l.quantity))
    expect(doc.payment).toMatchObject({ status: 'refunded', method: 'card' })
    expect(await countJobs('render-invoice-pdf')).toBe(2)

    // the original stays as it was
    const orig = await load(original.invoiceId)
    expect(orig.row.totalGrossMinor).toBe(order.totalGrossMinor)

    expectValidXml(orig.row)
    const xml = expectValidXml(row)
    expect(xml).toContain('<RodzajFaktury>KOR</RodzajFaktury>')
    expect(xml).toContain(`<NrFaKorygowanej>${original.number}</NrFaKorygowanej>`)
    expect(xml).toContain('<P_15>-50.01</P_15>')
  })

  it('a second refund corrects the state after the first; a full refund returns every line', async () => {
    const order = await createPaidOrder(prisma)
    const original = await issueInvoice(prisma, order.id)
    const first = await confirmRefund(prisma, order.id, 1000)
    const second = await confirmRefund(prisma, order.id, order.totalGrossMinor - 1000, {
      reason: 'Zwrot towaru',
    })
    const k1 = await issueCorrectiveInvoice(prisma, first.id)
    const k2 = await issueCorrectiveInvoice(prisma, second.id)
    expect([k1.number, k2.number].map((n) => n.slice(-6))).toEqual(['000001', '000002'])

    const d2 = (await load(k2.invoiceId)).doc
    expect(d2.corrected!.number).toBe(original.number)
    expect(d2.corrected!.totalsBefore.grossMinor).toBe(order.totalGrossMinor - 1000)
    expect(d2.corrected!.totalsAfter).toEqual({ grossMinor: 0, netMinor: 0, vatMinor: 0 })
    expect(d2.corrected!.linesAfter.every((l) => l.quantity === 0 && l.grossMinor === 0)).toBe(true)
    expect(d2.totals.grossMinor).toBe(-(order.totalGrossMinor - 1000))
    expect(d2.corrected!.reason).toBe('Zwrot towaru')
    const rows = await prisma.invoice.findMany({ where: { orderId: order.id } })
    expect(rows.reduce((s, i) => s + i.totalGrossMinor, 0)).toBe(0)
    expect(
      rows.filter((i) => i.kind === 'CORRECTIVE').every((i) => i.correctedInvoiceId === original.invoiceId),
    ).toBe(true)
    expectValidXml((await load(k2.invoiceId)).row)
  })

  it('two refunds corrected concurrently: serialised per order, together exactly the refunded total', async () => {
    const order = await createPaidOrder(prisma)
    await issueInvoice(prisma, order.id)
    const refunds = [await confirmRefund(prisma, order.id, 700), await confirmRefund(prisma, order.id, 1300)]
    const task = buildTaskList(prisma)['issue-corrective-invoice']!
    const helpers = { job: { id: '1', attempts: 1, max_attempts: 12, key: 'k' }, logger: console } as never
    await Promise.all(
      refunds.flatMap((r) => [task({ refundId: r.id }, helpers), task({ refundId: r.id }, helpers)]),
    )
    const kors = await prisma.invoice.findMany({
      where: { kind: 'CORRECTIVE' },
      orderBy: { sequence: 'asc' },
    })
    expect(kors).toHaveLength(2)
    expect(kors.reduce((s, k) => s + k.totalGrossMinor, 0)).toBe(-2000)
    const second = ZInvoiceDocument.parse(kors[1]!.document)
    expect(second.corrected!.totalsBefore.grossMinor).toBe(
      ZInvoiceDocument.parse(kors[0]!.document).corrected!.totalsAfter.grossMinor,
    )
  })

  it('waits (retryably, without flagging the order) while the original invoice is not issued', async () => {
    const order = await createPaidOrder(prisma)
    const refund = await confirmRefund(prisma, order.id, 500)
    await expect(issueCorrectiveInvoice(prisma, refund.id)).rejects.toMatchObject({
      isRetryable: true,
      message: expect.stringMatching(/not issued yet/),
    })
    expect((await prisma.order.findUniqueOrThrow({ where: { id: order.id } })).needsAttention).toBe(false)
    await issueInvoice(prisma, order.id)
    expect((await issueCorrectiveInvoice(prisma, refund.id)).isNew).toBe(true)
    expect((await issueCorrectiveInvoice(prisma, refund.id)).isNew).toBe(false)
    expect(await prisma.invoiceSeriesCounter.findMany({ where: { series: 'KOR' } })).toMatchObject([
      { lastValue: 1 },
    ])
  })

  it('refuses an unconfirmed refund for good', async () => {
    const order = await createPaidOrder(prisma)
    await issueInvoice(prisma, order.id)
    const refund = await confirmRefund(prisma, order.id, 500, { status: 'PENDING' })
    await expect(issueCorrectiveInvoice(prisma, refund.id)).rejects.toMatchObject({ isRetryable: false })
    expect(await prisma.invoice.count({ where: { kind: 'CORRECTIVE' } })).toBe(0)
  })

  it('maps Stripe refund reasons to words', () => {
    expect(correctionReason('duplicate')).toBe('Zwrot zduplikowanej płatności')
    expect(correctionReason('Uszkodzony towar')).toBe('Uszkodzony towar')
    expect(correctionReason('  ')).toBe('Zwrot środków')
  })
})

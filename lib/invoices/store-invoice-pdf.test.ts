import { Logger, run } from 'graphile-worker'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { prisma } from '@/lib/db'
import { taskHandlers } from '@/lib/jobs/handlers'
import { buildTaskList } from '@/lib/jobs/runner'
import { countJobs, resetDb } from '@/test/db'
import { ZInvoiceDocument } from './document'
import { issueCorrectiveInvoice } from './issue-corrective-invoice'
import { issueInvoice } from './issue-invoice'
import { formatAmount } from './money'
import { saveShopSettings } from './settings'
import { storeInvoicePdf } from './store-invoice-pdf'
import {
  confirmRefund,
  createPaidOrder,
  DEFAULT_LINES,
  SELLER_FORM,
  seedSellerSettings,
} from './testing/orders'
import { cleanUpTestFiles, pdfToText } from './testing/tools'

afterAll(cleanUpTestFiles)

// the email domain's subscriber of invoice.pdf_ready, run as its job would be
const emailSubscriber = (invoiceId: string) =>
  taskHandlers['queue-invoice-email'](
    { invoiceId },
    { jobId: '1', attempt: 1, maxAttempts: 8, log: () => {} },
  )

describe('storeInvoicePdf', () => {
  beforeEach(async () => {
    await resetDb()
    await seedSellerSettings(prisma)
  })

  it('renders, stores once, and reads back with the number, buyer, lines and totals', async () => {
    const order = await createPaidOrder(prisma, { companyName: 'Zażółć gęślą Sp. z o.o.', nip: '9512345675' })
    const { invoiceId, number } = await issueInvoice(prisma, order.id)
    const r = await storeInvoicePdf(prisma, invoiceId)
    expect(r.isNew).toBe(true)

    const pdf = await prisma.invoicePdf.findUniqueOrThrow({ where: { invoiceId } })
    expect(pdf.sizeBytes).toBe(pdf.data.length)
    expect(pdf.renderMs).toBeGreaterThan(0)
    expect(Buffer.from(pdf.data).subarray(0, 5).toString()).toBe('%PDF-')
    const text = pdfToText(pdf.data)
    const doc = ZInvoiceDocument.parse(
      (await prisma.invoice.findUniqueOrThrow({ where: { id: invoiceId } })).document,
    )
    expect(text).toContain(number)
    expect(text).toContain('Zażółć gęślą Sp. z o.o.')
    expect(text).toContain('NIP: 9512345675')
    expect(text).toContain('Hookline Sp. z o.o.')
    for (const l of DEFAULT_LINES) expect(text).toContain(l.namePl)
    for (const l of doc.lines) expect(text).toContain(formatAmount(l.grossMinor, 'pl'))
    for (const t of doc.rateTotals) expect(text).toContain(formatAmount(t.vatMinor, 'pl'))
    expect(text).toMatch(
      new RegExp(
        `Razem\\s+${formatAmount(doc.totals.netMinor, 'pl')}\\s+${formatAmount(doc.totals.vatMinor, 'pl')}\\s+${formatAmount(order.totalGrossMinor, 'pl')}`,
      ),
    )

    // a second run (duplicate job) finds it stored: success, nothing rewritten, one invoice.pdf_ready, one email
    const again = await storeInvoicePdf(prisma, invoiceId)
    expect(again).toMatchObject({ isNew: false, renderMs: null })
    expect(await prisma.lifecycleEvent.count({ where: { name: 'invoice.pdf_ready' } })).toBe(1)
    expect(await countJobs('queue-invoice-email')).toBe(1)
    await emailSubscriber(invoiceId)
    await emailSubscriber(invoiceId)
    const emails = await prisma.emailMessage.findMany()
    expect(emails).toHaveLength(1)
    expect(emails[0]).toMatchObject({
      idempotencyKey: `invoice/${invoiceId}/email`,
      template: 'payment-confirmed',
      toAddress: 'lucja@example.com',
      orderId: order.id,
      attachmentInvoiceIds: [invoiceId],
    })
    expect(emails[0]!.props).toMatchObject({
      orderNumber: order.number,
      invoiceNumber: number,
      totalMinor: order.totalGrossMinor,
      currency: 'PLN',
      orderUrl: expect.stringMatching(new RegExp(`/orders/${order.number}$`)),
    })
    expect(await countJobs('send-email')).toBe(1)
    await expect(
      prisma.$executeRaw`UPDATE invoice_pdfs SET size_bytes = 1 WHERE invoice_id = ${invoiceId}::uuid`,
    ).rejects.toThrow(/cannot be changed/)
  })

  it('concurrent renders store one PDF; a corrective invoice gets the refund email with its PDF', async () => {
    const order = await createPaidOrder(prisma)
    const inv = await issueInvoice(prisma, order.id)
    const results = await Promise.all([
      storeInvoicePdf(prisma, inv.invoiceId),
      storeInvoicePdf(prisma, inv.invoiceId),
    ])
    expect(results.filter((r) => r.isNew)).toHaveLength(1)
    expect(await prisma.invoicePdf.count()).toBe(1)

    const refund = await confirmRefund(prisma, order.id, 2500)
    const kor = await issueCorrectiveInvoice(prisma, refund.id)
    await storeInvoicePdf(prisma, kor.invoiceId)
    await emailSubscriber(kor.invoiceId)
    const text = pdfToText(
      (await prisma.invoicePdf.findUniqueOrThrow({ where: { invoiceId: kor.invoiceId } })).data,
    )
    expect(text).toContain('Faktura korygująca')
    expect(text).toContain(kor.number)
    expect(text).toContain(`Dotyczy faktury nr ${inv.number}`)
    expect(text).toMatch(/Kwota do zwrotu\s+25,00 zł/)
    const email = await prisma.emailMessage.findUniqueOrThrow({
      where: { idempotencyKey: `invoice/${kor.invoiceId}/email` },
    })
    expect(email).toMatchObject({ template: 'refund-confirmed', attachmentInvoiceIds: [kor.invoiceId] })
    expect(email.props).toMatchObject({ refundedMinor: 2500, correctiveInvoiceNumber: kor.number })
  })
})

describe('end to end in a real worker', () => {
  beforeEach(resetDb)

  it('paid -> invoice -> PDF -> email queued; blocked by missing settings until staff save them', async () => {
    const order = await createPaidOrder(prisma)
    const sent: string[] = []
    const runner = await run({
      connectionString: process.env.DATABASE_URL!,
      concurrency: 2,
      noHandleSignals: true,
      pollInterval: 100,
      logger: new Logger(() => () => {}),
      // the email itself belongs to the email module; here it is only recorded
      taskList: buildTaskList(prisma, {
        ...taskHandlers,
        'send-email': async ({ emailMessageId }) => {
          sent.push(emailMessageId)
        },
      }),
    })
    try {
      const lastError = async () =>
        (
          await prisma.$queryRaw<{ last_error: string | null }[]>`
            SELECT last_error FROM graphile_worker.jobs WHERE task_identifier = 'issue-invoice'`
        )[0]?.last_error ?? null
      await expect.poll(lastError, { timeout: 10_000 }).toMatch(/seller settings are missing/)
      expect((await prisma.order.findUniqueOrThrow({ where: { id: order.id } })).needsAttention).toBe(true)

      // staff fill in the settings: the waiting job runs again now rather than after its backoff
      expect(await saveShopSettings(prisma, SELLER_FORM)).toEqual({ rescheduled: 1 })

      await expect.poll(() => prisma.invoicePdf.count(), { timeout: 15_000 }).toBe(1)
      await expect.poll(() => sent.length, { timeout: 10_000 }).toBe(1)
      const inv = await prisma.invoice.findFirstOrThrow({ where: { orderId: order.id } })
      expect(inv.totalGrossMinor).toBe(order.totalGrossMinor)
      await expect.poll(() => countJobs(), { timeout: 5000 }).toBe(0)
      expect(await prisma.jobFailure.count()).toBe(0)
    } finally {
      await runner.stop()
    }
  })
})

import { beforeAll, describe, expect, it, vi } from 'vitest'
import { resetDb } from '@/test/db'

// The real route handlers and server actions, called the way Next calls them; only the session lookup is replaced.
const session = vi.hoisted(() => ({
  current: null as null | { userId: string; email: string; role: 'CUSTOMER' | 'OWNER' },
}))
vi.mock('@/lib/auth', () => ({ getActor: async () => session.current }))
vi.mock('next/cache', () => ({ revalidatePath: () => {} }))

const { prisma } = await import('@/lib/db')
const staffPdf = await import('./[id]/pdf/route')
const staffXml = await import('./[id]/xml/route')
const customerPdf = await import('@/app/(shop)/orders/[number]/invoices/[id]/route')
const { saveShopSettingsAction } = await import('@/app/admin/settings/actions')
const { issueInvoice } = await import('@/lib/invoices/issue-invoice')
const { storeInvoicePdf } = await import('@/lib/invoices/store-invoice-pdf')
const { createPaidOrder, SELLER_FORM, seedSellerSettings } = await import('@/lib/invoices/testing/orders')
const { validateFa3 } = await import('@/lib/invoices/testing/tools')

const STAFF = { userId: crypto.randomUUID(), email: 's@example.com', role: 'OWNER' as const }
const CUSTOMER = { userId: crypto.randomUUID(), email: 'c@example.com', role: 'CUSTOMER' as const }
const ctx = <P>(params: P) => ({ params: Promise.resolve(params) })

let order: { id: string; number: string; token: string }
let other: { id: string; number: string; token: string }
let invoice: { invoiceId: string; number: string }
let otherInvoice: { invoiceId: string }

beforeAll(async () => {
  await resetDb()
  await seedSellerSettings(prisma)
  const owner = await prisma.user.create({ data: { id: CUSTOMER.userId, email: CUSTOMER.email } })
  order = await createPaidOrder(prisma, { userId: owner.id })
  other = await createPaidOrder(prisma)
  invoice = await issueInvoice(prisma, order.id)
  otherInvoice = await issueInvoice(prisma, other.id)
  await storeInvoicePdf(prisma, invoice.invoiceId)
  await storeInvoicePdf(prisma, otherInvoice.invoiceId)
})

describe('staff invoice downloads', () => {
  const get = (route: typeof staffPdf, id: string) =>
    route.GET(new Request(`http://localhost/admin/invoices/${id}/x`), ctx({ id }))

  it.each([
    ['an anonymous visitor', null, 401, 'UNAUTHORIZED'],
    ['a signed-in customer', CUSTOMER, 403, 'FORBIDDEN'],
  ])('%s is refused with a JSON reason', async (_who, actor, status, error) => {
    session.current = actor
    for (const route of [staffPdf, staffXml]) {
      const res = await get(route, invoice.invoiceId)
      expect(res.status).toBe(status)
      expect(res.headers.get('content-type')).toMatch(/application\/json/)
      expect(await res.json()).toMatchObject({ error, message: expect.any(String) })
    }
  })

  it('staff get the PDF and a schema-valid FA(3) XML', async () => {
    session.current = STAFF
    const pdf = await get(staffPdf, invoice.invoiceId)
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    const fileBase = invoice.number.replaceAll('/', '-')
    expect(pdf.headers.get('content-disposition')).toBe(`attachment; filename="${fileBase}.pdf"`)
    expect(pdf.headers.get('cache-control')).toBe('private, no-store')
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-')

    const xml = await get(staffXml, invoice.invoiceId)
    expect(xml.status).toBe(200)
    expect(xml.headers.get('content-disposition')).toBe(`attachment; filename="${fileBase}.xml"`)
    const text = await xml.text()
    expect(text).toContain(`<P_2>${invoice.number}</P_2>`)
    const v = validateFa3(text)
    expect(v.ok, v.message).toBe(true)

    expect((await get(staffPdf, crypto.randomUUID())).status).toBe(404)
    expect((await get(staffPdf, 'not-a-uuid')).status).toBe(404)
  })
})

describe('customer invoice download', () => {
  const get = (number: string, id: string, token?: string) =>
    customerPdf.GET(
      new Request(`http://localhost/orders/${number}/invoices/${id}${token ? `?t=${token}` : ''}`),
      ctx({ number, id }),
    )

  it('refuses without the order token, with a wrong token, or for another order', async () => {
    session.current = null
    for (const res of [
      await get(order.number, invoice.invoiceId),
      await get(order.number, invoice.invoiceId, 'wrong-token'),
      await get(order.number, invoice.invoiceId, other.token),
      await get(order.number, otherInvoice.invoiceId, order.token),
    ]) {
      expect(res.status).toBe(404)
      expect(res.headers.get('content-type')).toMatch(/application\/json/)
    }
    // another customer, signed in, without the token
    session.current = { ...CUSTOMER, userId: crypto.randomUUID() }
    expect((await get(order.number, invoice.invoiceId)).status).toBe(404)
  })

  it('serves the PDF with the token, or to the signed-in owner', async () => {
    session.current = null
    const res = await get(order.number, invoice.invoiceId, order.token)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="${invoice.number.replaceAll('/', '-')}.pdf"`,
    )
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-')

    session.current = CUSTOMER
    expect((await get(order.number, invoice.invoiceId)).status).toBe(200)
  })
})

describe('seller settings action', () => {
  const form = (data: Record<string, string>) => {
    const f = new FormData()
    for (const [k, v] of Object.entries(data)) f.set(k, v)
    return f
  }

  it('refuses non-staff, shows field errors (NIP checksum), and saves valid settings', async () => {
    session.current = CUSTOMER
    expect(await saveShopSettingsAction(null, form(SELLER_FORM))).toMatchObject({ ok: false })

    session.current = STAFF
    const bad = await saveShopSettingsAction(
      null,
      form({
        ...SELLER_FORM,
        sellerNip: '777-123-45-68',
        postalCode: '00238',
        invoiceNumberFormat: 'FV/{NNN}',
      }),
    )
    expect(bad).toMatchObject({
      ok: false,
      fieldErrors: {
        sellerNip: [expect.stringMatching(/NIP/)],
        postalCode: [expect.any(String)],
        invoiceNumberFormat: [expect.stringMatching(/year/)],
      },
      values: { sellerNip: '777-123-45-68' },
    })
    const ok = await saveShopSettingsAction(
      null,
      form({ ...SELLER_FORM, sellerName: 'Nowa Nazwa Sp. z o.o.' }),
    )
    expect(ok).toMatchObject({ ok: true })
    const row = await prisma.shopSettings.findUniqueOrThrow({ where: { id: 1 } })
    expect(row).toMatchObject({ sellerName: 'Nowa Nazwa Sp. z o.o.', sellerNip: '7771234567' })
  })
})

describe('staff invoice list', () => {
  it('filters by month of issue and series, newest first', async () => {
    const { listInvoicesForStaff } = await import('@/lib/invoices/queries')
    const { warsawDate } = await import('@/lib/invoices/order-document')
    const month = warsawDate(new Date()).slice(0, 7)
    const all = await listInvoicesForStaff(prisma, { month })
    expect(all.total).toBe(2)
    expect(all.items.map((i) => i.order.number).sort()).toEqual([order.number, other.number].sort())
    expect(all.items.every((i) => i.pdf && i.series === 'FV')).toBe(true)
    expect((await listInvoicesForStaff(prisma, { month, series: 'KOR' })).total).toBe(0)
    expect((await listInvoicesForStaff(prisma, { month: '2020-01' })).total).toBe(0)
    // an invalid filter is ignored rather than failing
    expect((await listInvoicesForStaff(prisma, { month: '2026-13', series: 'XX' })).total).toBe(2)
  })
})

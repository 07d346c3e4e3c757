import type { Prisma } from '@/generated/prisma/client'
import type { DbTx } from '@/lib/db'
import { getOrderForCustomer } from '@/lib/orders/queries'
import { isPaidStatus } from '@/lib/orders/state-machine'
import { INVOICE_ERROR_KIND } from './errors'
import { INVOICE_SERIES, type TInvoiceSeries } from './numbering'

export const INVOICES_PER_PAGE = 30

export type TStaffInvoiceFilter = { month?: string; series?: string; page?: number }

/** 'YYYY-MM' -> [first day, first day of the next month) as date-column values, or null when not a month. */
export function monthRange(month: string | undefined): { gte: Date; lt: Date } | null {
  const m = month?.match(/^(\d{4})-(0[1-9]|1[0-2])$/)
  if (!m) return null
  const year = Number(m[1])
  const mon = Number(m[2])
  return { gte: new Date(Date.UTC(year, mon - 1, 1)), lt: new Date(Date.UTC(year, mon, 1)) }
}

export const isInvoiceSeries = (s: unknown): s is TInvoiceSeries =>
  Object.values(INVOICE_SERIES).includes(s as TInvoiceSeries)

export async function listInvoicesForStaff(db: DbTx, filter: TStaffInvoiceFilter) {
  const page = Math.max(1, Math.floor(filter.page ?? 1) || 1)
  const range = monthRange(filter.month)
  const where: Prisma.InvoiceWhereInput = {
    ...(range ? { issueDate: range } : {}),
    ...(isInvoiceSeries(filter.series) ? { series: filter.series } : {}),
  }
  const [items, total] = await Promise.all([
    db.invoice.findMany({
      where,
      orderBy: [{ issueDate: 'desc' }, { series: 'asc' }, { year: 'desc' }, { sequence: 'desc' }],
      skip: (page - 1) * INVOICES_PER_PAGE,
      take: INVOICES_PER_PAGE,
      select: {
        id: true,
        number: true,
        kind: true,
        series: true,
        issueDate: true,
        buyerName: true,
        buyerNip: true,
        totalGrossMinor: true,
        currency: true,
        orderId: true,
        order: { select: { number: true } },
        pdf: { select: { sizeBytes: true } },
      },
    }),
    db.invoice.count({ where }),
  ])
  return { items, total, page, pageCount: Math.max(1, Math.ceil(total / INVOICES_PER_PAGE)) }
}

const orderInvoiceSelect = {
  id: true,
  number: true,
  kind: true,
  issueDate: true,
  totalGrossMinor: true,
  currency: true,
  createdAt: true,
  pdf: { select: { sizeBytes: true } },
} satisfies Prisma.InvoiceSelect

/** The documents of one order, invoice first, then corrections in issue order. */
export function listOrderInvoices(db: DbTx, orderId: string) {
  return db.invoice.findMany({
    where: { orderId },
    orderBy: [{ kind: 'asc' }, { year: 'asc' }, { sequence: 'asc' }],
    select: orderInvoiceSelect,
  })
}
export type TOrderInvoice = Awaited<ReturnType<typeof listOrderInvoices>>[number]

/** For the admin order page: the documents, invoicing problems from the timeline, and what staff can do. */
export async function getOrderInvoicesForStaff(db: DbTx, orderId: string) {
  const [order, invoices, problems] = await Promise.all([
    db.order.findUnique({
      where: { id: orderId },
      select: { status: true, companyName: true, nip: true, refunds: { select: { id: true, status: true } } },
    }),
    listOrderInvoices(db, orderId),
    db.orderTimelineEntry.findMany({
      where: { orderId, kind: INVOICE_ERROR_KIND },
      orderBy: { createdAt: 'desc' },
      take: 5,
      select: { id: true, message: true, createdAt: true },
    }),
  ])
  if (!order) return null
  const hasInvoice = invoices.some((i) => i.kind === 'INVOICE')
  const lastIssuedAt = invoices.reduce<Date | null>((a, i) => (a && a > i.createdAt ? a : i.createdAt), null)
  const confirmedRefunds = order.refunds.filter((r) => r.status === 'SUCCEEDED').length
  const corrections = invoices.filter((i) => i.kind === 'CORRECTIVE').length
  const isMissingDocuments = (isPaidStatus(order.status) && !hasInvoice) || corrections < confirmedRefunds
  return {
    invoices,
    problems: problems.map((p) => ({ ...p, isResolved: !!lastIssuedAt && p.createdAt < lastIssuedAt })),
    isMissingDocuments,
    canEditBuyer: !hasInvoice,
    buyer: { companyName: order.companyName, nip: order.nip },
  }
}

/** The stored PDF of an invoice, for staff. */
export function getInvoicePdf(db: DbTx, invoiceId: string) {
  return db.invoice.findUnique({
    where: { id: invoiceId },
    select: { id: true, number: true, pdf: { select: { data: true } } },
  })
}

/** The stored document of an invoice (for the FA(3) export), for staff. */
export function getInvoiceDocument(db: DbTx, invoiceId: string) {
  return db.invoice.findUnique({
    where: { id: invoiceId },
    select: { id: true, number: true, document: true, createdAt: true },
  })
}

/**
 * An invoice PDF for a customer: only when the order opens for them (its secret token, or they own it) and the
 * invoice belongs to that order. null means "not found" whatever the reason, so nothing leaks about other orders.
 */
export async function getInvoicePdfForCustomer(
  db: DbTx,
  req: { orderNumber: string; invoiceId: string; token?: string | null; userId?: string | null },
) {
  const order = await getOrderForCustomer(db, req.orderNumber, { token: req.token, userId: req.userId })
  if (!order) return null
  const invoice = await db.invoice.findFirst({
    where: { id: req.invoiceId, orderId: order.id },
    select: { id: true, number: true, pdf: { select: { data: true } } },
  })
  return invoice ?? null
}

import 'server-only'
import type { Prisma } from '@/generated/prisma/client'
import type { Db, DbTx } from '@/lib/db'

// Customers (contacts): everyone who ordered or wrote to us, keyed by lower-cased email. Orders belong to a customer
// by their email address, so a guest order and a later account share one card.

export const normalizeEmail = (e: string) => e.trim().toLowerCase()

/** Finds or creates the contact for an address; returns whether it was created. Safe under concurrency. */
export async function ensureCustomer(
  tx: DbTx | Db,
  input: { email: string; name?: string | null; phone?: string | null; source: 'order' | 'email' },
): Promise<{ id: string; isNew: boolean }> {
  const email = normalizeEmail(input.email)
  const created = await tx.customer.createMany({
    data: [{ email, name: input.name ?? null, phone: input.phone ?? null, source: input.source }],
    skipDuplicates: true,
  })
  const c = await tx.customer.findUniqueOrThrow({ where: { email }, select: { id: true, name: true } })
  if (!created.count && input.source === 'order' && input.name && !c.name)
    await tx.customer.update({ where: { id: c.id }, data: { name: input.name } })
  return { id: c.id, isNew: created.count > 0 }
}

export const CUSTOMERS_PAGE_SIZE = 25

export async function listCustomers(db: Db, opts: { q?: string; page?: number }) {
  const page = Math.max(1, opts.page ?? 1)
  const q = opts.q?.trim()
  const where: Prisma.CustomerWhereInput = q
    ? {
        OR: [{ email: { contains: q, mode: 'insensitive' } }, { name: { contains: q, mode: 'insensitive' } }],
      }
    : {}
  const [total, rows] = await Promise.all([
    db.customer.count({ where }),
    db.customer.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      skip: (page - 1) * CUSTOMERS_PAGE_SIZE,
      take: CUSTOMERS_PAGE_SIZE,
      include: { _count: { select: { messages: true } } },
    }),
  ])
  const emails = rows.map((r) => r.email)
  const orderCounts = emails.length
    ? await db.$queryRaw<{ email: string; n: bigint }[]>`
        SELECT lower(email) AS email, count(*) AS n FROM orders WHERE lower(email) = ANY(${emails}) GROUP BY 1`
    : []
  const byEmail = new Map(orderCounts.map((r) => [r.email, Number(r.n)]))
  return {
    total,
    page,
    pages: Math.max(1, Math.ceil(total / CUSTOMERS_PAGE_SIZE)),
    rows: rows.map((r) => ({ ...r, orderCount: byEmail.get(r.email) ?? 0, messageCount: r._count.messages })),
  }
}

/** A customer's card: contact data, orders, invoices, and every email sent and received, one thread per order. */
export async function getCustomerCard(db: Db, id: string, opts: { q?: string } = {}) {
  const customer = await db.customer.findUnique({ where: { id } })
  if (!customer) return null
  const orders = await db.order.findMany({
    where: { email: { equals: customer.email, mode: 'insensitive' } },
    orderBy: { createdAt: 'desc' },
    include: {
      invoices: {
        orderBy: { sequence: 'asc' },
        select: {
          id: true,
          number: true,
          kind: true,
          issueDate: true,
          totalGrossMinor: true,
          currency: true,
        },
      },
    },
  })
  const orderIds = orders.map((o) => o.id)
  const q = opts.q?.trim()
  const textFilter = (fields: string[]) =>
    q ? { OR: fields.map((f) => ({ [f]: { contains: q, mode: 'insensitive' as const } })) } : {}
  const [received, sent] = await Promise.all([
    db.inboundMessage.findMany({
      where: {
        AND: [
          { OR: [{ customerId: id }, ...(orderIds.length ? [{ orderId: { in: orderIds } }] : [])] },
          textFilter(['subject', 'textBody']),
        ],
      },
      orderBy: { receivedAt: 'asc' },
    }),
    db.emailMessage.findMany({
      where: {
        AND: [
          {
            OR: [
              { toAddress: { equals: customer.email, mode: 'insensitive' } },
              ...(orderIds.length ? [{ orderId: { in: orderIds } }] : []),
            ],
          },
          textFilter(['subject']),
        ],
      },
      orderBy: { createdAt: 'asc' },
    }),
  ])
  type Entry =
    | { kind: 'received'; at: Date; message: (typeof received)[number] }
    | { kind: 'sent'; at: Date; email: (typeof sent)[number] }
  const threads = new Map<string | null, Entry[]>()
  const push = (orderId: string | null, e: Entry) =>
    threads.set(orderId, [...(threads.get(orderId) ?? []), e])
  for (const m of received) push(m.orderId, { kind: 'received', at: m.receivedAt, message: m })
  for (const e of sent) push(e.orderId, { kind: 'sent', at: e.sentAt ?? e.createdAt, email: e })
  for (const list of threads.values()) list.sort((a, b) => a.at.getTime() - b.at.getTime())
  return {
    customer,
    orders,
    threads: [...threads.entries()].map(([orderId, entries]) => ({
      orderId,
      order: orders.find((o) => o.id === orderId) ?? null,
      entries,
    })),
  }
}

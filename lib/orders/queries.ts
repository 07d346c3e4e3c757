import type { OrderStatus, Prisma } from '@/generated/prisma/client'
import type { DbTx } from '@/lib/db'
import { verifyAccessToken } from './access-token'

export const ORDERS_PER_PAGE = 20

/** A guest's view of an order: only with the order's secret token (or as its signed-in owner). */
export async function getOrderForCustomer(
  db: DbTx,
  number: string,
  auth: { token?: string | null; userId?: string | null },
) {
  const order = await db.order.findUnique({
    where: { number },
    include: { lines: { orderBy: { position: 'asc' } } },
  })
  if (!order) return null
  const isOwner = !!auth.userId && order.userId === auth.userId
  if (!isOwner && !verifyAccessToken(auth.token, order.accessTokenHash)) return null
  return order
}

export type StaffOrderFilter = { status?: OrderStatus; q?: string; page?: number }

export async function listOrdersForStaff(db: DbTx, filter: StaffOrderFilter) {
  const page = Math.max(1, Math.floor(filter.page ?? 1) || 1)
  const q = filter.q?.trim()
  const where: Prisma.OrderWhereInput = {
    ...(filter.status ? { status: filter.status } : {}),
    ...(q
      ? {
          OR: [
            { number: { contains: q, mode: 'insensitive' } },
            { email: { contains: q.toLowerCase(), mode: 'insensitive' } },
          ],
        }
      : {}),
  }
  const [items, total] = await Promise.all([
    db.order.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * ORDERS_PER_PAGE,
      take: ORDERS_PER_PAGE,
      select: {
        id: true,
        number: true,
        status: true,
        email: true,
        customerName: true,
        totalGrossMinor: true,
        currency: true,
        createdAt: true,
        needsAttention: true,
      },
    }),
    db.order.count({ where }),
  ])
  return { items, total, page, pageCount: Math.max(1, Math.ceil(total / ORDERS_PER_PAGE)) }
}

export function getOrderForStaff(db: DbTx, id: string) {
  return db.order.findUnique({
    where: { id },
    include: {
      lines: { orderBy: { position: 'asc' } },
      statusChanges: { orderBy: { createdAt: 'asc' } },
      payments: { orderBy: { attempt: 'asc' } },
      refunds: { orderBy: { createdAt: 'asc' } },
    },
  })
}

import type { EmailStatus } from '@/generated/prisma/enums'
import type { DbTx } from '@/lib/db'

export const EMAILS_PER_PAGE = 30

const listSelect = {
  id: true,
  template: true,
  toAddress: true,
  subject: true,
  status: true,
  attempts: true,
  lastError: true,
  orderId: true,
  resendOfId: true,
  providerMessageId: true,
  createdAt: true,
  sentAt: true,
  deliveredAt: true,
  updatedAt: true,
  order: { select: { number: true } },
} as const

export async function listEmailsForStaff(db: DbTx, filter: { status?: EmailStatus; page?: number }) {
  const page = Math.max(1, Math.floor(filter.page ?? 1) || 1)
  const where = filter.status ? { status: filter.status } : {}
  const [items, total] = await Promise.all([
    db.emailMessage.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * EMAILS_PER_PAGE,
      take: EMAILS_PER_PAGE,
      select: listSelect,
    }),
    db.emailMessage.count({ where }),
  ])
  return { items, total, page, pageCount: Math.max(1, Math.ceil(total / EMAILS_PER_PAGE)) }
}

export function listOrderEmails(db: DbTx, orderId: string) {
  return db.emailMessage.findMany({
    where: { orderId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: listSelect,
  })
}

export type EmailListItem = Awaited<ReturnType<typeof listOrderEmails>>[number]

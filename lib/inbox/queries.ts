import 'server-only'
import type { Prisma } from '@/generated/prisma/client'
import type { Db } from '@/lib/db'

export const INBOX_VIEWS = [
  'unassigned',
  'unread',
  'answered',
  'byOrder',
  'byCustomer',
  'quarantined',
  'all',
] as const
export type InboxView = (typeof INBOX_VIEWS)[number]
export const INBOX_PAGE_SIZE = 25

const whereFor = (view: InboxView): Prisma.InboundMessageWhereInput => {
  switch (view) {
    case 'unassigned':
      return { status: 'UNASSIGNED' }
    case 'unread':
      return { readAt: null, status: { not: 'QUARANTINED' } }
    case 'answered':
      return { answeredAt: { not: null } }
    case 'byOrder':
      return { orderId: { not: null } }
    case 'byCustomer':
      return { customerId: { not: null }, status: { not: 'QUARANTINED' } }
    case 'quarantined':
      return { status: 'QUARANTINED' }
    default:
      return {}
  }
}

export async function listInbox(db: Db, opts: { view: InboxView; page?: number }) {
  const page = Math.max(1, Math.floor(opts.page ?? 1) || 1)
  const where = whereFor(opts.view)
  const orderBy: Prisma.InboundMessageOrderByWithRelationInput[] =
    opts.view === 'byOrder'
      ? [{ order: { number: 'desc' } }, { receivedAt: 'desc' }]
      : opts.view === 'byCustomer'
        ? [{ customer: { email: 'asc' } }, { receivedAt: 'desc' }]
        : [{ receivedAt: 'desc' }, { id: 'desc' }]
  const [items, total, counts] = await Promise.all([
    db.inboundMessage.findMany({
      where,
      orderBy,
      skip: (page - 1) * INBOX_PAGE_SIZE,
      take: INBOX_PAGE_SIZE,
      select: {
        id: true,
        fromAddress: true,
        fromName: true,
        subject: true,
        kind: true,
        status: true,
        quarantineReason: true,
        receivedAt: true,
        readAt: true,
        answeredAt: true,
        order: { select: { id: true, number: true } },
        customer: { select: { id: true, email: true, name: true } },
      },
    }),
    db.inboundMessage.count({ where }),
    Promise.all(INBOX_VIEWS.map((v) => db.inboundMessage.count({ where: whereFor(v) }))),
  ])
  return {
    items,
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / INBOX_PAGE_SIZE)),
    counts: Object.fromEntries(INBOX_VIEWS.map((v, i) => [v, counts[i]!])) as Record<InboxView, number>,
  }
}

export function getInboundMessage(db: Db, id: string) {
  return db.inboundMessage.findUnique({
    where: { id },
    include: {
      order: { select: { id: true, number: true } },
      customer: { select: { id: true, email: true, name: true } },
      attachments: { select: { id: true, filename: true, contentType: true, size: true } },
      locations: { select: { folder: true, uid: true } },
    },
  })
}

/** Everything received and sent about one order, oldest first. */
export async function orderCorrespondence(db: Db, orderId: string) {
  const [received, sent] = await Promise.all([
    db.inboundMessage.findMany({ where: { orderId }, orderBy: { receivedAt: 'asc' } }),
    db.emailMessage.findMany({ where: { orderId }, orderBy: { createdAt: 'asc' } }),
  ])
  return [
    ...received.map((m) => ({ kind: 'received' as const, at: m.receivedAt, message: m })),
    ...sent.map((e) => ({ kind: 'sent' as const, at: e.sentAt ?? e.createdAt, email: e })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime())
}

export async function getAttachmentForStaff(db: Db, id: string) {
  return db.inboundAttachment.findUnique({
    where: { id },
    select: { filename: true, contentType: true, data: true },
  })
}

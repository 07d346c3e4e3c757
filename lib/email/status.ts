import type { EmailStatus } from '@/generated/prisma/enums'

// Email delivery status only moves forward: events arrive late, twice and out of order, and a late `email.sent`
// must never overwrite `delivered` or `bounced`. FAILED ranks with SENDING: a delivery event for a message we gave
// up on is the provider telling us it went out after all, and wins.
export const STATUS_RANK: Record<EmailStatus, number> = {
  QUEUED: 0,
  SENDING: 1,
  FAILED: 1,
  SENT: 2,
  DELIVERY_DELAYED: 3,
  DELIVERED: 4,
  BOUNCED: 5,
  COMPLAINED: 6,
}

export const EMAIL_STATUSES = Object.keys(STATUS_RANK) as EmailStatus[]

/** The statuses a message may move to `next` from. */
export const statusesBefore = (next: EmailStatus): EmailStatus[] =>
  EMAIL_STATUSES.filter((s) => STATUS_RANK[s] < STATUS_RANK[next])

/** The provider has accepted the message: sending it again would be a duplicate. */
export const isAccepted = (s: EmailStatus) => STATUS_RANK[s] >= STATUS_RANK.SENT

/** Statuses that need a human: shown in red in the admin. */
export const isProblem = (s: EmailStatus) => s === 'BOUNCED' || s === 'COMPLAINED' || s === 'FAILED'

export const DELIVERY_EVENTS = {
  'email.sent': 'SENT',
  'email.delivered': 'DELIVERED',
  'email.delivery_delayed': 'DELIVERY_DELAYED',
  'email.bounced': 'BOUNCED',
  'email.complained': 'COMPLAINED',
} as const satisfies Record<string, EmailStatus>

export type DeliveryEventType = keyof typeof DELIVERY_EVENTS
export const isDeliveryEvent = (t: unknown): t is DeliveryEventType =>
  typeof t === 'string' && Object.hasOwn(DELIVERY_EVENTS, t)

import type { EmailInput } from './validate.ts'

export type LastEvent = 'queued' | 'scheduled' | 'sent' | 'delivered' | 'bounced' | 'complained'

export type Bounce = { type: string; subType: string; message: string }

export type Message = EmailInput & {
  id: string
  /** SMTP Message-ID header value. */
  messageId: string
  createdAt: string
  lastEvent: LastEvent
  events: { type: string; at: string }[]
  idempotencyKey: string | null
  bounce: Bounce | null
}

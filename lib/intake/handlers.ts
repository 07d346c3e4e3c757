import 'server-only'
import type { Db } from '@/lib/db'
import { processResendEvent } from '@/lib/email/process-resend-event'
import { DELIVERY_EVENTS } from '@/lib/email/status'
import { STRIPE_EVENT_HANDLERS } from '@/lib/payments/events'
import { PAYU_EVENT_HANDLERS } from '@/lib/payments/events/payu'
import type { TProcessingOutcome, TStoredEvent } from './types'

export type InboundHandler = (db: Db, ev: TStoredEvent, actor: string) => Promise<TProcessingOutcome>

const stripeHandlers: Record<string, InboundHandler> = Object.fromEntries(
  Object.entries(STRIPE_EVENT_HANDLERS).map(([type, h]) => [
    type,
    (db: Db, ev: TStoredEvent, actor: string) => {
      const objectId = (ev.payload as { object?: { id?: unknown } } | null)?.object?.id
      if (typeof objectId !== 'string')
        return Promise.resolve({ outcome: 'ignored' as const, detail: 'the event names no object' })
      return h(db, { eventId: ev.eventId, type: ev.type, objectId }, actor)
    },
  ]),
)

const resendHandlers: Record<string, InboundHandler> = Object.fromEntries(
  Object.keys(DELIVERY_EVENTS).map((type) => [
    type,
    (db: Db, ev: TStoredEvent) => processResendEvent(db, ev),
  ]),
)

/**
 * handlers[provider][type]: the allow-list of what we act on. Anything else is stored IGNORED and acknowledged.
 * Handlers treat the event as a trigger (re-fetch current state from the provider) and must be idempotent.
 */
export const inboundHandlers: Record<string, Record<string, InboundHandler>> = {
  stripe: stripeHandlers,
  resend: resendHandlers,
  payu: PAYU_EVENT_HANDLERS,
}

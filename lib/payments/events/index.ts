import 'server-only'
import type { Db } from '@/lib/db'
import type { ProcessingOutcome } from '../outcome'
import { handleChargeDisputeCreated } from './charge-dispute-created'
import { handleChargeRefunded } from './charge-refunded'
import { handleCheckoutSessionEvent } from './checkout-session'
import { handleRefundUpdated } from './refund-updated'
import type { EventObjectRef } from './types'

type Handler = (db: Db, ref: EventObjectRef, actor: string) => Promise<ProcessingOutcome>

/** The allow-list: event types we act on. Anything else is stored, acknowledged and marked ignored. */
export const STRIPE_EVENT_HANDLERS: Record<string, Handler> = {
  'checkout.session.completed': handleCheckoutSessionEvent,
  'checkout.session.async_payment_succeeded': handleCheckoutSessionEvent,
  'checkout.session.async_payment_failed': handleCheckoutSessionEvent,
  'checkout.session.expired': handleCheckoutSessionEvent,
  'charge.refunded': handleChargeRefunded,
  'refund.created': handleRefundUpdated,
  'refund.updated': handleRefundUpdated,
  'charge.dispute.created': handleChargeDisputeCreated,
}

import 'server-only'
import type { Db } from '@/lib/db'
import { syncPayment } from '../sync-payment'
import type { EventObjectRef } from './types'

// checkout.session.completed | async_payment_succeeded | async_payment_failed | expired: all re-fetch the session
// and apply its current state, so a late or repeated event can only confirm what is already true.
export const handleCheckoutSessionEvent = (db: Db, ref: EventObjectRef, actor: string) =>
  syncPayment(db, 'stripe', ref.objectId, actor)

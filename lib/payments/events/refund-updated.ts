import 'server-only'
import type { Db } from '@/lib/db'
import { callStripe } from '@/lib/integrations/stripe'
import { syncCharge } from '../apply-charge'
import type { EventObjectRef } from './types'

// refund.created | refund.updated: the refund's charge holds every refund; sync them all from it.
export async function handleRefundUpdated(db: Db, ref: EventObjectRef, actor: string) {
  const refund = await callStripe({ operation: 'refunds.retrieve' }, (s) => s.refunds.retrieve(ref.objectId))
  const chargeId = typeof refund.charge === 'string' ? refund.charge : refund.charge?.id
  if (!chargeId) return { outcome: 'ignored' as const, detail: `refund ${refund.id} has no charge` }
  return syncCharge(db, chargeId, actor)
}

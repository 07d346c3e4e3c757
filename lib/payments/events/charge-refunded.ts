import 'server-only'
import type { Db } from '@/lib/db'
import { syncCharge } from '../apply-charge'
import type { EventObjectRef } from './types'

export const handleChargeRefunded = (db: Db, ref: EventObjectRef, actor: string) =>
  syncCharge(db, ref.objectId, actor)

import 'server-only'
import type { Db } from '@/lib/db'
import { syncDispute } from '../apply-charge'
import type { EventObjectRef } from './types'

export const handleChargeDisputeCreated = (db: Db, ref: EventObjectRef) => syncDispute(db, ref.objectId)

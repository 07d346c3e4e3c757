import type { ShipmentStage } from '@/generated/prisma/enums'

// Provider statuses -> our neutral stage. The rank makes tracking monotonic: a stage never moves backwards, so a
// late out_for_delivery after delivered changes nothing.

export const STAGE_RANK: Record<ShipmentStage, number> = {
  IN_PREPARATION: 0,
  SHIPPED: 1,
  READY_FOR_PICKUP: 2,
  DELIVERED: 3,
  RETURNED: 4,
}

export const isForward = (from: ShipmentStage, to: ShipmentStage) => STAGE_RANK[to] > STAGE_RANK[from]

const INPOST: Record<string, ShipmentStage> = {
  created: 'IN_PREPARATION',
  offers_prepared: 'IN_PREPARATION',
  offer_selected: 'IN_PREPARATION',
  confirmed: 'IN_PREPARATION',
  dispatched_by_sender: 'SHIPPED',
  dispatched_by_sender_to_pok: 'SHIPPED',
  taken_by_courier: 'SHIPPED',
  collected_from_sender: 'SHIPPED',
  adopted_at_source_branch: 'SHIPPED',
  sent_from_source_branch: 'SHIPPED',
  adopted_at_sorting_center: 'SHIPPED',
  sent_from_sorting_center: 'SHIPPED',
  adopted_at_target_branch: 'SHIPPED',
  out_for_delivery: 'SHIPPED',
  ready_to_pickup: 'READY_FOR_PICKUP',
  pickup_reminder_sent: 'READY_FOR_PICKUP',
  delivered: 'DELIVERED',
  returned_to_sender: 'RETURNED',
}

const APACZKA: Record<string, ShipmentStage> = {
  NEW: 'IN_PREPARATION',
  READY_TO_SHIP: 'IN_PREPARATION',
  PICKED_UP: 'SHIPPED',
  IN_TRANSIT: 'SHIPPED',
  OUT_FOR_DELIVERY: 'SHIPPED',
  DELIVERED: 'DELIVERED',
  RETURNED: 'RETURNED',
}

export function stageOf(carrier: string, status: string): ShipmentStage | null {
  return (carrier === 'inpost' ? INPOST : APACZKA)[status] ?? null
}

const ORDER: Record<string, string[]> = {
  inpost: [
    'created',
    'offers_prepared',
    'offer_selected',
    'confirmed',
    'dispatched_by_sender',
    'dispatched_by_sender_to_pok',
    'taken_by_courier',
    'collected_from_sender',
    'adopted_at_source_branch',
    'sent_from_source_branch',
    'adopted_at_sorting_center',
    'sent_from_sorting_center',
    'adopted_at_target_branch',
    'out_for_delivery',
    'ready_to_pickup',
    'pickup_reminder_sent',
    'delivered',
    'returned_to_sender',
  ],
  apaczka: ['NEW', 'READY_TO_SHIP', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'RETURNED'],
}

/** Position of a provider status in its lifecycle (-1: unknown); the shown status never goes back. */
export const statusRank = (carrier: string, status: string | null) =>
  status ? (ORDER[carrier]?.indexOf(status) ?? -1) : -1

import 'server-only'
import type { Prisma, Shipment, ShipmentStage } from '@/generated/prisma/client'
import type { DbTx } from '@/lib/db'
import { queueEmail } from '@/lib/email/queue-email'
import { queueStaffAlert } from '@/lib/email/staff-alerts'
import { env } from '@/lib/env'
import { raiseOrderFlag } from '@/lib/orders/flags'

// The points where shipping meets the rest of the shop, kept small so they can move onto the shared seams of
// issue #10 (lifecycle events, order flags, the order's fulfilment status) without touching the shipping logic.

const EMAIL_STAGE: Partial<Record<ShipmentStage, 'shipped' | 'ready_for_pickup' | 'delivered'>> = {
  SHIPPED: 'shipped',
  READY_FOR_PICKUP: 'ready_for_pickup',
  DELIVERED: 'delivered',
}

/** The one definition of a shipment email's idempotency key: each stage's email goes out once per shipment. */
export const shipmentEmailKey = (shipmentId: string, stage: string) => `shipment/${shipmentId}/email/${stage}`

const CARRIER_NAME: Record<string, string> = { inpost: 'InPost', apaczka: 'Apaczka' }

/** shipment.status_changed: the order's timeline records the new fulfilment stage, and the customer is told. */
export async function onShipmentStageChanged(
  tx: DbTx,
  shipmentId: string,
  from: ShipmentStage,
  to: ShipmentStage,
) {
  const s = await tx.shipment.findUniqueOrThrow({ where: { id: shipmentId }, include: { order: true } })
  await tx.orderTimelineEntry.create({
    data: {
      orderId: s.orderId,
      kind: 'shipment.status_changed',
      message: `Shipment ${s.sequence}: ${from} → ${to}`,
      data: { shipmentId, from, to, providerStatus: s.providerStatus } as Prisma.InputJsonValue,
    },
  })
  const stage = EMAIL_STAGE[to]
  if (!stage) return
  const o = s.order
  const point = o.deliveryPoint as { name?: string; line1?: string; postCode?: string; city?: string } | null
  await queueEmail(tx, {
    template: 'shipment-status',
    to: o.email,
    locale: o.locale,
    idempotencyKey: shipmentEmailKey(shipmentId, stage),
    orderId: o.id,
    props: {
      stage,
      orderNumber: o.number,
      customerName: o.customerName,
      carrierName:
        s.carrier === 'apaczka' && s.carrierServiceId
          ? carrierServiceName(s.carrierServiceId)
          : (CARRIER_NAME[s.carrier] ?? s.carrier),
      trackingNumber: s.trackingNumber,
      trackingUrl: s.trackingUrl,
      pointName: point?.name ?? null,
      pointAddress: point?.line1
        ? `${point.line1}, ${point.postCode ?? ''} ${point.city ?? ''}`.trim()
        : null,
      pickupCode: s.pickupCode,
      orderUrl: `${env.APP_URL}/orders/${encodeURIComponent(o.number)}`,
    },
  })
}

export const APACZKA_SERVICES: Record<number, string> = { 21: 'DPD', 23: 'DHL', 42: 'UPS', 82: 'GLS' }
export const carrierServiceName = (id: number) => APACZKA_SERVICES[id] ?? `Apaczka ${id}`

/** Something about the order's shipment needs staff: a structured order flag (lib/orders/flags). */
export async function raiseShipmentFlag(tx: DbTx, orderId: string, code: string, message: string) {
  await raiseOrderFlag(tx, orderId, { source: 'shipping', code, message })
}

export function shipmentAlert(tx: DbTx, s: Shipment, title: string, details: string) {
  return queueStaffAlert(tx, {
    topic: `shipment/${s.carrier}/provider`,
    title,
    details: `Order ${s.orderId}, shipment ${s.sequence}: ${details}`,
    adminPath: `/admin/orders/${s.orderId}`,
  })
}

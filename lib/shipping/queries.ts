import type { Db } from '@/lib/db'

/** What the customer's order page shows about delivery: the method, the locker, and each shipment's tracking. */
export async function getOrderDelivery(db: Db, orderId: string) {
  const order = await db.order.findUnique({
    where: { id: orderId },
    select: {
      deliveryPoint: true,
      shippingMethod: { select: { namePl: true, nameEn: true, kind: true } },
      shipments: {
        where: { state: { notIn: ['CANCELLED', 'FAILED'] } },
        orderBy: { sequence: 'asc' },
        select: {
          id: true,
          stage: true,
          state: true,
          trackingNumber: true,
          trackingUrl: true,
          carrier: true,
        },
      },
    },
  })
  return order
}

export async function getShipmentsForStaff(db: Db, orderId: string) {
  return db.shipment.findMany({
    where: { orderId },
    orderBy: { sequence: 'desc' },
    include: {
      events: { orderBy: { createdAt: 'asc' } },
      labels: { select: { size: true, sizeBytes: true } },
    },
  })
}

export const SHIPMENTS_PER_PAGE = 25

export async function listShipments(db: Db, f: { state?: string; page?: number }) {
  const page = Math.max(1, Math.floor(f.page ?? 1) || 1)
  const where = f.state ? { state: f.state as never } : {}
  const [items, total] = await Promise.all([
    db.shipment.findMany({
      where,
      orderBy: { createdAt: 'desc' },
      skip: (page - 1) * SHIPMENTS_PER_PAGE,
      take: SHIPMENTS_PER_PAGE,
      include: {
        order: { select: { number: true, customerName: true } },
        labels: { select: { size: true } },
      },
    }),
    db.shipment.count({ where }),
  ])
  return { items, total, page, pages: Math.max(1, Math.ceil(total / SHIPMENTS_PER_PAGE)) }
}

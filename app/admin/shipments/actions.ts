'use server'

import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { formAction } from '@/lib/actions/safe-action'
import { updateShippingMethod } from '@/lib/shipping/methods'
import { requestCancelShipment, requestShipment } from '@/lib/shipping/shipments'

const blankToNull = (v: unknown) => (v === '' || v === undefined ? null : v)

export const requestShipmentAction = formAction(
  'shipments.manage',
  z.object({
    orderId: z.uuid(),
    parcelTemplate: z.string(),
    weightGrams: z.string(),
    insurancePln: z.string().default(''),
    reference: z.string().default(''),
    carrierServiceId: z.string().default(''),
  }),
  async (v, { actor, audit }) => {
    const insurance = v.insurancePln.trim()
      ? Math.round(Number(v.insurancePln.replace(',', '.')) * 100)
      : null
    await audit({ action: 'shipment.create', target: { type: 'order', id: v.orderId } }, (db) =>
      requestShipment(
        db,
        {
          orderId: v.orderId,
          parcelTemplate: v.parcelTemplate as 'small',
          weightGrams: v.weightGrams as unknown as number,
          insuranceMinor: insurance,
          reference: v.reference || undefined,
          carrierServiceId: blankToNull(v.carrierServiceId) as number | null,
        },
        `staff:${actor.userId}`,
      ),
    )
    revalidatePath(`/admin/orders/${v.orderId}`)
    return { ok: true, message: 'Shipment requested; the carrier is being asked.' }
  },
)

export const cancelShipmentAction = formAction(
  'shipments.manage',
  z.object({ shipmentId: z.uuid(), orderId: z.uuid() }),
  async ({ shipmentId, orderId }, { actor, audit }) => {
    await audit({ action: 'shipment.cancel', target: { type: 'shipment', id: shipmentId } }, (db) =>
      requestCancelShipment(db, shipmentId, `staff:${actor.userId}`),
    )
    revalidatePath(`/admin/orders/${orderId}`)
    return { ok: true, message: 'Cancellation requested.' }
  },
)

export const updateShippingMethodAction = formAction(
  'settings.edit',
  z.object({
    id: z.uuid(),
    namePl: z.string(),
    nameEn: z.string(),
    priceGrossMinor: z.string(),
    freeAboveMinor: z.string().default(''),
    maxWeightGrams: z.string(),
    small: z.string().optional(),
    medium: z.string().optional(),
    large: z.string().optional(),
    carrierServiceIds: z.string().default(''),
    isActive: z.string().optional(),
  }),
  async (v, { audit }) => {
    await audit(
      {
        action: 'shipping_method.update',
        target: { type: 'shipping_method', id: v.id },
        before: (tx) => tx.shippingMethod.findUnique({ where: { id: v.id } }),
        after: (tx) => tx.shippingMethod.findUnique({ where: { id: v.id } }),
      },
      (db) =>
        updateShippingMethod(db, {
          id: v.id,
          namePl: v.namePl,
          nameEn: v.nameEn,
          priceGrossMinor: v.priceGrossMinor as unknown as number,
          freeAboveMinor: (v.freeAboveMinor.trim() || null) as unknown as number | null,
          maxWeightGrams: v.maxWeightGrams as unknown as number,
          parcelTemplates: (['small', 'medium', 'large'] as const).filter((t) => v[t] === 'on'),
          carrierServiceIds: v.carrierServiceIds
            .split(/[\s,]+/)
            .filter(Boolean)
            .map(Number) as number[],
          isActive: v.isActive === 'on',
        }),
    )
    revalidatePath('/admin/shipments/methods')
    return { ok: true, message: 'Saved.' }
  },
)

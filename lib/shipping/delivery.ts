import 'server-only'
import { z } from 'zod'
import type { ShippingMethod } from '@/generated/prisma/client'
import type { DbTx } from '@/lib/db'
import { AppError } from '@/lib/errors'
import { carriers, type TPoint } from './carrier'
import { acceptsWeight, deliveryPrice } from './methods'
import { isPolishPostcode, normalizePolishPhone } from './validation'

// The delivery part of placing an order: the chosen method must be active and accept the parcel, a locker must
// still exist (asked of the carrier's points API), contact data must meet the carrier's rules, and the charge
// becomes the order's shipping line (docs/decisions/019: its own line at 23 % VAT).

export const ZDelivery = z.object({
  methodId: z.uuid('choose a delivery method'),
  pointName: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9_-]{3,20}$/, 'choose a parcel locker')
    .optional(),
})
export type TDelivery = z.input<typeof ZDelivery>

export type TDeliveryPoint = Pick<TPoint, 'name' | 'line1' | 'line2' | 'city' | 'postCode'>

const invalid = (field: string, message: string) =>
  new AppError('VALIDATION', message, { fieldErrors: { [`delivery.${field}`]: [message] } })

/** Outside the transaction: the method and, for a locker, the point as the carrier knows it now. */
export async function checkDeliveryChoice(
  tx: DbTx,
  delivery: z.output<typeof ZDelivery>,
): Promise<{ method: ShippingMethod; point: TDeliveryPoint | null }> {
  const method = await tx.shippingMethod.findUnique({ where: { id: delivery.methodId } })
  if (!method?.isActive)
    throw invalid('methodId', 'This delivery method is no longer offered; choose another.')
  if (method.kind !== 'INPOST_LOCKER') return { method, point: null }
  if (!delivery.pointName) throw invalid('pointName', 'Choose a parcel locker.')
  const found = await carriers.inpost.point(delivery.pointName)
  if (found.ok && !found.value)
    throw invalid(
      'pointName',
      `Parcel locker ${delivery.pointName} no longer exists. Please choose another one.`,
    )
  // the points API being down must not stop a sale: the name is kept and checked again when the parcel is booked
  const point =
    found.ok && found.value
      ? found.value
      : { name: delivery.pointName, line1: '', line2: '', city: '', postCode: '' }
  return {
    method,
    point: {
      name: point.name,
      line1: point.line1,
      line2: point.line2,
      city: point.city,
      postCode: point.postCode,
    },
  }
}

/** Inside the transaction, once the goods are priced: the parcel fits and the contact data suits the carrier. */
export function priceDelivery(
  method: ShippingMethod,
  goods: { grossMinor: number; weightGrams: number; currency: string },
  customer: { phone?: string | null; shippingAddress: { postalCode: string; country: string } },
) {
  if (method.currency !== goods.currency)
    throw invalid('methodId', 'This delivery method is not offered for this currency.')
  if (!acceptsWeight(method, goods.weightGrams))
    throw invalid(
      'methodId',
      `This delivery method takes parcels up to ${method.maxWeightGrams / 1000} kg; choose another.`,
    )
  if (method.kind !== 'PICKUP') {
    if (!customer.phone || !normalizePolishPhone(customer.phone))
      throw new AppError('VALIDATION', 'The carrier needs a Polish phone number (9 digits).', {
        fieldErrors: { 'customer.phone': ['the carrier needs a Polish phone number (9 digits)'] },
      })
  }
  if (method.kind === 'INPOST_COURIER' || method.kind === 'APACZKA_COURIER') {
    const a = customer.shippingAddress
    if (a.country !== 'PL' || !isPolishPostcode(a.postalCode))
      throw new AppError('VALIDATION', 'Our couriers deliver to Polish addresses only.', {
        fieldErrors: { 'customer.shippingAddress.postalCode': ['couriers deliver in Poland only (00-000)'] },
      })
  }
  return deliveryPrice(method, goods.grossMinor)
}

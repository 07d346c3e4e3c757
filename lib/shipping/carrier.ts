import 'server-only'
import type { ShippingMethodKind } from '@/generated/prisma/enums'
import { apaczkaCarrier } from './carriers/apaczka'
import { inpostCarrier } from './carriers/inpost'

// The carrier interface business code speaks: neutral words only (no ShipX or Apaczka field names).

import type { TParcelTemplateName } from './parcel'

export type TParcelTemplate = TParcelTemplateName
export type TLabelSize = 'A6' | 'A4'

export type TShipmentRequest = {
  /** our reference, derived from our ids ("HL-2026-000001/1", plus the staff's own reference when given) */
  reference: string
  orderId: string
  kind: 'locker' | 'courier'
  receiver: {
    name: string
    email: string
    phone: string
    address?: { line1: string; postalCode: string; city: string; country: string }
  }
  targetPoint?: string | null
  parcel: { template: TParcelTemplate; weightGrams: number }
  insuranceMinor?: number | null
  currency: string
  carrierServiceId?: number | null
  sender?: { name: string; line1: string; postalCode: string; city: string; email: string; phone: string }
}

export type TCarrierShipment = {
  providerId: string
  status: string
  trackingNumber: string | null
  trackingUrl: string | null
  pickupCode: string | null
  isConfirmed: boolean
  isCancelled: boolean
}

export type TPoint = {
  name: string
  line1: string
  line2: string
  city: string
  postCode: string
  description: string | null
}

export type CarrierFailure = {
  ok: false
  isRetryable: boolean
  code: string
  message: string
  fieldErrors: Record<string, string[]>
}
export type CarrierResult<T> = { ok: true; value: T } | CarrierFailure
export type CallCtx = { orderId?: string | null; idempotencyKey?: string }

export type Carrier = {
  name: 'inpost' | 'apaczka'
  isConfigured(): boolean
  /** a create that is retried first finds its earlier attempt by reference: never two parcels for one request */
  createShipment(req: TShipmentRequest, ctx: CallCtx): Promise<CarrierResult<TCarrierShipment>>
  getShipment(providerId: string, ctx: CallCtx): Promise<CarrierResult<TCarrierShipment>>
  cancelShipment(providerId: string, ctx: CallCtx): Promise<CarrierResult<null>>
  label(providerId: string, size: TLabelSize, ctx: CallCtx): Promise<CarrierResult<Buffer>>
  points(q: { query: string }): Promise<CarrierResult<TPoint[]>>
  point(name: string): Promise<CarrierResult<TPoint | null>>
  /** the carrier's own price for a parcel (minor units), when it quotes one */
  rate(req: {
    parcel: TShipmentRequest['parcel']
    carrierServiceId?: number | null
  }): Promise<CarrierResult<number | null>>
}

export const carriers = { inpost: inpostCarrier, apaczka: apaczkaCarrier } as const
export type CarrierName = keyof typeof carriers

export function carrierOf(name: string): Carrier {
  const c = carriers[name as CarrierName]
  if (!c) throw new Error(`unknown carrier ${name}`)
  return c
}

export function carrierForMethod(
  kind: ShippingMethodKind,
): { carrier: CarrierName; service: string; kind: 'locker' | 'courier' } | null {
  if (kind === 'INPOST_LOCKER')
    return { carrier: 'inpost', service: 'inpost_locker_standard', kind: 'locker' }
  if (kind === 'INPOST_COURIER')
    return { carrier: 'inpost', service: 'inpost_courier_standard', kind: 'courier' }
  if (kind === 'APACZKA_COURIER') return { carrier: 'apaczka', service: 'apaczka_courier', kind: 'courier' }
  return null
}

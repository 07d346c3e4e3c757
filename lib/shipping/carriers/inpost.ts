import 'server-only'
import { type InpostFailure, type InpostPoint, type InpostShipment, inpost } from '@/lib/integrations/inpost'
import type { Carrier, CarrierFailure, TCarrierShipment, TPoint } from '../carrier'
import { splitStreet } from '../validation'

const fail = (f: InpostFailure): CarrierFailure => ({
  ok: false,
  isRetryable: f.isRetryable,
  code: f.code,
  message: f.message,
  fieldErrors: f.fieldErrors,
})

const BEFORE_CONFIRMED = new Set(['created', 'offers_prepared', 'offer_selected'])

function neutral(s: InpostShipment): TCarrierShipment {
  return {
    providerId: String(s.id),
    status: s.status,
    trackingNumber: s.tracking_number,
    trackingUrl: s.tracking_number ? inpost.trackingUrl(s.tracking_number) : null,
    pickupCode: null,
    isConfirmed: Boolean(s.tracking_number) && !BEFORE_CONFIRMED.has(s.status) && s.status !== 'canceled',
    isCancelled: s.status === 'canceled',
  }
}

const point = (p: InpostPoint): TPoint => ({
  name: p.name,
  line1: p.address.line1,
  line2: p.address.line2,
  city: p.address_details.city,
  postCode: p.address_details.post_code,
  description: p.location_description ?? null,
})

export const inpostCarrier: Carrier = {
  name: 'inpost',
  isConfigured: () => inpost.isConfigured(),

  async createShipment(req, ctx) {
    const found = await inpost.findByReference(req.reference, ctx)
    if (!found.ok) return fail(found)
    if (found.value) return { ok: true, value: neutral(found.value) }
    const a = req.receiver.address
    const street = a ? splitStreet(a.line1) : null
    const r = await inpost.createShipment(
      {
        receiver: {
          name: req.receiver.name,
          email: req.receiver.email,
          phone: req.receiver.phone,
          ...(a && street
            ? {
                address: {
                  street: street.street,
                  building_number: street.building,
                  city: a.city,
                  post_code: a.postalCode,
                  country_code: a.country,
                },
              }
            : {}),
        },
        parcels:
          req.kind === 'locker'
            ? [{ template: req.parcel.template }]
            : [
                {
                  template: req.parcel.template,
                  weight: { amount: req.parcel.weightGrams / 1000, unit: 'kg' },
                },
              ],
        ...(req.kind === 'locker'
          ? { custom_attributes: { target_point: req.targetPoint ?? '', sending_method: 'dispatch_order' } }
          : {}),
        ...(req.insuranceMinor
          ? { insurance: { amount: req.insuranceMinor / 100, currency: req.currency } }
          : {}),
        reference: req.reference,
        service: req.kind === 'locker' ? 'inpost_locker_standard' : 'inpost_courier_standard',
      },
      ctx,
    )
    return r.ok ? { ok: true, value: neutral(r.value) } : fail(r)
  },

  async getShipment(id, ctx) {
    const r = await inpost.getShipment(id, ctx)
    return r.ok ? { ok: true, value: neutral(r.value) } : fail(r)
  },
  async cancelShipment(id, ctx) {
    const r = await inpost.cancelShipment(id, ctx)
    return r.ok ? { ok: true, value: null } : fail(r)
  },
  async label(id, size, ctx) {
    const r = await inpost.label(id, size === 'A6' ? 'A6' : 'normal', ctx)
    return r.ok ? r : fail(r)
  },
  async points({ query }) {
    const q = query.trim()
    const params = /^\d{2}-?\d{0,3}$/.test(q)
      ? { postCode: q.length === 5 && !q.includes('-') ? `${q.slice(0, 2)}-${q.slice(2)}` : q }
      : /^[A-Za-z]{3}\d+[A-Za-z]*$/.test(q)
        ? { name: q.toUpperCase() }
        : { city: q }
    const r = await inpost.searchPoints(params)
    return r.ok
      ? { ok: true, value: r.value.items.filter((p) => p.status === 'Operating').map(point) }
      : fail(r)
  },
  async point(name) {
    const r = await inpost.getPoint(name)
    if (r.ok) return { ok: true, value: r.value.status === 'Operating' ? point(r.value) : null }
    if (r.httpStatus === 404) return { ok: true, value: null }
    return fail(r)
  },
  async rate() {
    // debit clients get rate null from ShipX; the shop's own method price is what the customer pays
    return { ok: true, value: null }
  },
}

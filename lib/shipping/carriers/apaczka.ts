import 'server-only'
import { type ApaczkaFailure, type ApaczkaOrder, apaczka } from '@/lib/integrations/apaczka'
import type { Carrier, CarrierFailure, TCarrierShipment, TParcelTemplate } from '../carrier'

const fail = (f: ApaczkaFailure): CarrierFailure => ({
  ok: false,
  isRetryable: f.isRetryable,
  code: f.code,
  message: f.message,
  fieldErrors: {},
})

/** parcel templates as box dimensions in cm (the InPost locker sizes A/B/C, so one template list serves both) */
const DIMENSIONS: Record<TParcelTemplate, [number, number, number]> = {
  small: [64, 38, 8],
  medium: [64, 38, 19],
  large: [64, 38, 41],
}

const neutral = (o: ApaczkaOrder): TCarrierShipment => ({
  providerId: String(o.id),
  status: o.status,
  trackingNumber: o.waybill_number || null,
  trackingUrl: o.tracking_url || null,
  pickupCode: null,
  isConfirmed: Boolean(o.waybill_number) && o.status !== 'NEW' && o.status !== 'CANCELLED',
  isCancelled: o.status === 'CANCELLED',
})

export const apaczkaCarrier: Carrier = {
  name: 'apaczka',
  isConfigured: () => apaczka.isConfigured(),

  async createShipment(req, ctx) {
    const prior = await apaczka.orders(ctx)
    if (!prior.ok) return fail(prior)
    const found = prior.value.orders.find((o) => o.comment === req.reference)
    if (found) return { ok: true, value: neutral(found) }
    const a = req.receiver.address
    const s = req.sender
    if (!a || !s)
      return {
        ok: false,
        isRetryable: false,
        code: 'invalid',
        message: 'receiver and sender addresses are required',
        fieldErrors: {},
      }
    const [d1, d2, d3] = DIMENSIONS[req.parcel.template]
    const r = await apaczka.orderSend(
      {
        service_id: req.carrierServiceId ?? 21,
        address: {
          sender: {
            country_code: 'PL',
            name: s.name,
            line1: s.line1,
            postal_code: s.postalCode,
            city: s.city,
            is_residential: 0,
            contact_person: s.name,
            email: s.email,
            phone: s.phone,
          },
          receiver: {
            country_code: a.country,
            name: req.receiver.name,
            line1: a.line1,
            postal_code: a.postalCode,
            city: a.city,
            is_residential: 1,
            contact_person: req.receiver.name,
            email: req.receiver.email,
            phone: req.receiver.phone,
          },
        },
        shipment: [
          {
            dimension1: d1,
            dimension2: d2,
            dimension3: d3,
            weight: req.parcel.weightGrams / 1000,
            is_nstd: 0,
            shipment_type_code: 'PACZKA',
          },
        ],
        ...(req.insuranceMinor ? { shipment_value: req.insuranceMinor } : {}),
        comment: req.reference,
        content: 'Towary / goods',
        pickup: { type: 'SELF' },
      },
      ctx,
    )
    return r.ok ? { ok: true, value: neutral(r.value.order) } : fail(r)
  },
  async getShipment(id, ctx) {
    const r = await apaczka.order(id, ctx)
    return r.ok ? { ok: true, value: neutral(r.value.order) } : fail(r)
  },
  async cancelShipment(id, ctx) {
    const r = await apaczka.cancel(id, ctx)
    return r.ok ? { ok: true, value: null } : fail(r)
  },
  async label(id, _size, ctx) {
    // Apaczka's waybill comes in the carrier's own format (A6 here) whatever size is asked for
    const r = await apaczka.waybill(id, ctx)
    return r.ok ? { ok: true, value: Buffer.from(r.value.waybill, 'base64') } : fail(r)
  },
  async points() {
    return { ok: true, value: [] }
  },
  async point() {
    return { ok: true, value: null }
  },
  async rate({ parcel, carrierServiceId }) {
    const [d1, d2, d3] = DIMENSIONS[parcel.template]
    const r = await apaczka.valuation({
      service_id: carrierServiceId ?? 21,
      shipment: [
        {
          dimension1: d1,
          dimension2: d2,
          dimension3: d3,
          weight: parcel.weightGrams / 1000,
          is_nstd: 0,
          shipment_type_code: 'PACZKA',
        },
      ],
    })
    if (!r.ok) return fail(r)
    const row = r.value.price_table[String(carrierServiceId ?? 21)]
    return { ok: true, value: row ? row.price_gross : null }
  },
}

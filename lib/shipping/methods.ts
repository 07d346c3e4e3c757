import { z } from 'zod'
import type { ShippingMethod } from '@/generated/prisma/client'
import type { Db, DbTx } from '@/lib/db'
import { AppError } from '@/lib/errors'
import { DEFAULT_SHIPPING_METHODS } from './default-methods'
import { PARCEL_TEMPLATES } from './parcel'

// Shipping methods staff configure (/admin/shipments/methods) and the checkout offers.

export type TMethodPrice = { priceGrossMinor: number; isFree: boolean }

/** The delivery charge for goods worth `goodsGrossMinor`: free from the method's threshold on. */
export function deliveryPrice(
  m: Pick<ShippingMethod, 'priceGrossMinor' | 'freeAboveMinor'>,
  goodsGrossMinor: number,
): TMethodPrice {
  const isFree = m.freeAboveMinor !== null && goodsGrossMinor >= m.freeAboveMinor
  return { priceGrossMinor: isFree ? 0 : m.priceGrossMinor, isFree }
}

export const acceptsWeight = (m: Pick<ShippingMethod, 'maxWeightGrams'>, weightGrams: number) =>
  weightGrams <= m.maxWeightGrams

export function listActiveMethods(db: Db | DbTx) {
  return db.shippingMethod.findMany({
    where: { isActive: true },
    orderBy: [{ position: 'asc' }, { code: 'asc' }],
  })
}

export function listAllMethods(db: Db | DbTx) {
  return db.shippingMethod.findMany({ orderBy: [{ position: 'asc' }, { code: 'asc' }] })
}

const minor = z.coerce.number().int('whole grosze only').min(0, 'cannot be negative').max(100_000_00)

export const ZUpdateShippingMethod = z.object({
  id: z.uuid(),
  namePl: z.string().trim().min(2, 'required').max(80),
  nameEn: z.string().trim().min(2, 'required').max(80),
  priceGrossMinor: minor,
  freeAboveMinor: minor.nullable(),
  maxWeightGrams: z.coerce.number().int().min(100, 'at least 100 g').max(1_000_000),
  parcelTemplates: z.array(z.enum(PARCEL_TEMPLATES)).min(1, 'pick at least one parcel size'),
  carrierServiceIds: z.array(z.coerce.number().int().positive()).max(10).default([]),
  isActive: z.boolean(),
})
export type TUpdateShippingMethod = z.input<typeof ZUpdateShippingMethod>

export async function updateShippingMethod(db: Db, input: TUpdateShippingMethod) {
  const parsed = ZUpdateShippingMethod.safeParse(input)
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {}
    for (const i of parsed.error.issues) {
      const k = String(i.path[0] ?? 'form')
      fieldErrors[k] = [...(fieldErrors[k] ?? []), i.message]
    }
    throw new AppError('VALIDATION', 'The shipping method is not valid.', { fieldErrors })
  }
  const { id, ...data } = parsed.data
  const existing = await db.shippingMethod.findUnique({ where: { id } })
  if (!existing) throw new AppError('NOT_FOUND', 'No such shipping method.')
  if (existing.kind === 'APACZKA_COURIER' && data.carrierServiceIds.length === 0)
    throw new AppError('VALIDATION', 'The shipping method is not valid.', {
      fieldErrors: { carrierServiceIds: ['pick at least one carrier'] },
    })
  return db.shippingMethod.update({ where: { id }, data })
}

/** The four methods a new shop starts with; idempotent (existing methods keep staff's changes). */
export async function ensureDefaultShippingMethods(db: Db) {
  for (const d of DEFAULT_SHIPPING_METHODS) {
    await db.shippingMethod.upsert({
      where: { code: d.code },
      create: { ...d, parcelTemplates: [...d.parcelTemplates], carrierServiceIds: [...d.carrierServiceIds] },
      update: {},
    })
  }
}

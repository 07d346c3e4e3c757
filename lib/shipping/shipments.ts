import 'server-only'
import { PDFDocument } from 'pdf-lib'
import { z } from 'zod'
import type { Shipment, ShipmentStage, ShipmentState } from '@/generated/prisma/client'
import type { Db } from '@/lib/db'
import { env } from '@/lib/env'
import { AppError } from '@/lib/errors'
import type { TaskContext } from '@/lib/jobs/define'
import { enqueueJob } from '@/lib/jobs/enqueue'
import { logger } from '@/lib/logger'
import {
  type CarrierFailure,
  carrierForMethod,
  carrierOf,
  type TCarrierShipment,
  type TLabelSize,
  type TShipmentRequest,
} from './carrier'
import { PARCEL_TEMPLATES } from './parcel'
import { onShipmentStageChanged, raiseShipmentFlag, shipmentAlert } from './seams'
import { isForward, stageOf, statusRank } from './stages'
import { normalizePolishPhone } from './validation'

// A shipment is booked by a job (never inside the staff's request): REQUESTED -> CREATED -> OFFERS_PREPARED ->
// CONFIRMED, each step visible on the order. Provider outages are retried with backoff while the shipment shows
// "waiting for the provider"; when retries run out it is FAILED and staff get an alert. Tracking only moves forward.

export const SYNC_DELAY_MS = 1500
const ACTIVE: ShipmentState[] = ['REQUESTED', 'CREATED', 'OFFERS_PREPARED', 'CONFIRMED', 'CANCEL_REQUESTED']

export const ZRequestShipment = z.object({
  orderId: z.uuid(),
  parcelTemplate: z.enum(PARCEL_TEMPLATES),
  weightGrams: z.coerce.number().int().min(1, 'weight is required').max(1_000_000),
  insuranceMinor: z.coerce.number().int().min(0).max(10_000_000).nullable().optional(),
  reference: z
    .string()
    .trim()
    .max(60, 'at most 60 characters')
    .regex(/^[\p{L}\p{N} ._/#-]*$/u, 'letters, digits, spaces and . _ / # - only')
    .optional(),
  carrierServiceId: z.coerce.number().int().positive().nullable().optional(),
})
export type TRequestShipment = z.input<typeof ZRequestShipment>

/** Our reference at the provider: the order number and shipment sequence (unique), after staff's own reference. */
export const providerReference = (orderNumber: string, sequence: number, staffRef?: string | null) =>
  (staffRef ? `${staffRef} ${orderNumber}/${sequence}` : `${orderNumber}/${sequence}`).slice(0, 100)

export async function requestShipment(db: Db, input: TRequestShipment, actor: string) {
  const parsed = ZRequestShipment.safeParse(input)
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {}
    for (const i of parsed.error.issues) {
      const k = String(i.path[0] ?? 'form')
      fieldErrors[k] = [...(fieldErrors[k] ?? []), i.message]
    }
    throw new AppError('VALIDATION', 'The shipment is not valid.', { fieldErrors })
  }
  const d = parsed.data
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM orders WHERE id = ${d.orderId}::uuid FOR UPDATE`
    const order = await tx.order.findUnique({
      where: { id: d.orderId },
      include: { shippingMethod: true, shipments: true },
    })
    if (!order) throw new AppError('NOT_FOUND', 'No such order.')
    if (order.status !== 'PAID' && order.status !== 'PARTIALLY_REFUNDED')
      throw new AppError('INVALID_TRANSITION', 'Only paid orders can be shipped.')
    const method = order.shippingMethod
    const route = method ? carrierForMethod(method.kind) : null
    if (!method || !route)
      throw new AppError('INVALID_TRANSITION', 'This order has no carrier delivery (pickup in person).')
    if (order.shipments.some((s) => ACTIVE.includes(s.state)))
      throw new AppError('CONFLICT', 'This order already has a shipment; cancel it first.')
    if (!method.parcelTemplates.includes(d.parcelTemplate))
      throw new AppError('VALIDATION', 'The shipment is not valid.', {
        fieldErrors: {
          parcelTemplate: [`${method.nameEn} takes ${method.parcelTemplates.join(', ')} parcels`],
        },
      })
    if (d.weightGrams > method.maxWeightGrams)
      throw new AppError('VALIDATION', 'The shipment is not valid.', {
        fieldErrors: { weightGrams: [`at most ${method.maxWeightGrams / 1000} kg for ${method.nameEn}`] },
      })
    const serviceId =
      method.kind === 'APACZKA_COURIER' ? (d.carrierServiceId ?? method.carrierServiceIds[0] ?? null) : null
    if (method.kind === 'APACZKA_COURIER' && (!serviceId || !method.carrierServiceIds.includes(serviceId)))
      throw new AppError('VALIDATION', 'The shipment is not valid.', {
        fieldErrors: { carrierServiceId: ['choose one of the configured carriers'] },
      })
    const sequence = order.shipments.length + 1
    const point = order.deliveryPoint as { name?: string } | null
    const shipment = await tx.shipment.create({
      data: {
        orderId: order.id,
        sequence,
        carrier: route.carrier,
        service: route.service,
        parcelTemplate: d.parcelTemplate,
        weightGrams: d.weightGrams,
        insuranceMinor: d.insuranceMinor || null,
        reference: d.reference || null,
        targetPoint: route.kind === 'locker' ? (point?.name ?? null) : null,
        carrierServiceId: serviceId,
        createdBy: actor,
      },
    })
    await tx.shipmentEvent.create({
      data: { shipmentId: shipment.id, status: 'requested', source: 'create' },
    })
    await enqueueJob(
      tx,
      'create-shipment',
      { shipmentId: shipment.id },
      { jobKey: `shipment/${shipment.id}/create` },
    )
    return shipment
  })
}

async function buildRequest(db: Db, s: Shipment): Promise<TShipmentRequest> {
  const order = await db.order.findUniqueOrThrow({
    where: { id: s.orderId },
    include: { shippingMethod: true },
  })
  const settings = await db.shopSettings.findUnique({ where: { id: 1 } })
  const ship = order.shippingAddress as {
    line1: string
    line2?: string
    postalCode: string
    city: string
    country: string
  }
  const sellerAddr = (settings?.sellerAddress ?? {}) as { line1?: string; postalCode?: string; city?: string }
  return {
    reference: providerReference(order.number, s.sequence, s.reference),
    orderId: order.id,
    kind: s.service === 'inpost_locker_standard' ? 'locker' : 'courier',
    receiver: {
      name: order.companyName ?? order.customerName,
      email: order.email,
      phone: normalizePolishPhone(order.phone ?? '') ?? order.phone ?? '',
      address: {
        line1: [ship.line1, ship.line2].filter(Boolean).join(' '),
        postalCode: ship.postalCode,
        city: ship.city,
        country: ship.country,
      },
    },
    targetPoint: s.targetPoint,
    parcel: {
      template: s.parcelTemplate as TShipmentRequest['parcel']['template'],
      weightGrams: s.weightGrams,
    },
    insuranceMinor: s.insuranceMinor,
    currency: order.currency,
    carrierServiceId: s.carrierServiceId,
    sender: {
      name: settings?.sellerName ?? 'Hookline',
      line1: sellerAddr.line1 ?? '',
      postalCode: sellerAddr.postalCode ?? '',
      city: sellerAddr.city ?? '',
      email: settings?.sellerEmail ?? env.STAFF_ALERT_EMAIL,
      phone: env.SHIPPING_SENDER_PHONE,
    },
  }
}

function describeFailure(f: CarrierFailure) {
  const fields = Object.entries(f.fieldErrors).map(([k, v]) => `${k}: ${v.join(', ')}`)
  return `${f.code}: ${f.message}${fields.length ? ` (${fields.join('; ')})` : ''}`.slice(0, 1000)
}

/** What staff are told about a refusal, in words they can act on. */
function refusalAdvice(f: CarrierFailure): string {
  if (f.fieldErrors['custom_attributes.target_point']?.includes('does_not_exist'))
    return 'The parcel locker chosen at checkout no longer exists. Ask the customer for another locker.'
  if (f.fieldErrors['custom_attributes.sending_method']?.includes('unavailable'))
    return 'The carrier does not accept this sending method for the point. Choose a different drop-off.'
  const phone = Object.keys(f.fieldErrors).find((k) => k.endsWith('phone'))
  if (phone) return "The carrier refused the customer's phone number. Correct it on the order and try again."
  return 'The carrier refused the shipment. Check the details below and create it again.'
}

/** The job: books the parcel once (a retry finds the earlier attempt by reference), then follows it to confirmed. */
export async function runCreateShipment(
  db: Db,
  shipmentId: string,
  ctx: Pick<TaskContext, 'attempt' | 'maxAttempts'>,
) {
  const s = await db.shipment.findUnique({ where: { id: shipmentId } })
  if (s?.state !== 'REQUESTED') return { skipped: s?.state ?? 'missing' }
  const carrier = carrierOf(s.carrier)
  const request = await buildRequest(db, s)
  const r = await carrier.createShipment(request, {
    orderId: s.orderId,
    idempotencyKey: `shipment/${s.id}/create`,
  })
  if (!r.ok) return handleFailure(db, s, r, ctx, 'create')
  await applyProviderState(db, s.id, r.value, 'create')
  return { created: r.value.providerId, status: r.value.status }
}

async function handleFailure(
  db: Db,
  s: Shipment,
  f: CarrierFailure,
  ctx: Pick<TaskContext, 'attempt' | 'maxAttempts'>,
  step: string,
) {
  const detail = describeFailure(f)
  if (f.isRetryable && ctx.attempt < ctx.maxAttempts) {
    await db.shipment.update({ where: { id: s.id }, data: { isWaitingForProvider: true, lastError: detail } })
    throw new AppError('PROVIDER_UNAVAILABLE', `${s.carrier} ${step}: ${detail}`)
  }
  await db.$transaction(async (tx) => {
    await tx.shipment.update({
      where: { id: s.id },
      data: { state: 'FAILED', isWaitingForProvider: false, lastError: detail },
    })
    await tx.shipmentEvent.createMany({
      data: [{ shipmentId: s.id, status: 'failed', source: 'create' }],
      skipDuplicates: true,
    })
    if (f.isRetryable) {
      await raiseShipmentFlag(
        tx,
        s.orderId,
        'shipment.provider_down',
        `${s.carrier} did not answer after ${ctx.attempt} attempts: ${detail}`,
      )
      await shipmentAlert(tx, s, `${s.carrier} is not answering: shipment not booked`, detail)
    } else {
      await raiseShipmentFlag(tx, s.orderId, 'shipment.refused', `${refusalAdvice(f)} (${detail})`)
    }
  })
  return { failed: detail }
}

/**
 * Applies what the provider says now. Idempotent on (shipment, status): each provider status is recorded once, the
 * stage only moves forward, and each stage change is announced once (emails keyed by shipment and stage).
 */
export async function applyProviderState(
  db: Db,
  shipmentId: string,
  p: TCarrierShipment,
  source: 'create' | 'webhook' | 'poll',
) {
  const changed = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM shipments WHERE id = ${shipmentId}::uuid FOR UPDATE`
    const s = await tx.shipment.findUniqueOrThrow({ where: { id: shipmentId } })
    const inserted = await tx.shipmentEvent.createMany({
      data: [{ shipmentId, status: p.status, stage: stageOf(s.carrier, p.status), source }],
      skipDuplicates: true,
    })
    const state: ShipmentState =
      s.state === 'CANCELLED' || s.state === 'FAILED'
        ? s.state
        : p.isCancelled
          ? 'CANCELLED'
          : p.isConfirmed
            ? 'CONFIRMED'
            : p.status === 'offers_prepared' || p.status === 'offer_selected'
              ? s.state === 'CONFIRMED'
                ? 'CONFIRMED'
                : 'OFFERS_PREPARED'
              : s.state === 'REQUESTED'
                ? 'CREATED'
                : s.state
    const stage = stageOf(s.carrier, p.status)
    const nextStage: ShipmentStage = stage && isForward(s.stage, stage) ? stage : s.stage
    const moved = inserted.count > 0
    await tx.shipment.update({
      where: { id: shipmentId },
      data: {
        state,
        stage: nextStage,
        providerShipmentId: s.providerShipmentId ?? p.providerId,
        // a late status never overwrites a later one
        providerStatus:
          statusRank(s.carrier, p.status) > statusRank(s.carrier, s.providerStatus)
            ? p.status
            : (s.providerStatus ?? p.status),
        trackingNumber: s.trackingNumber ?? p.trackingNumber,
        trackingUrl: s.trackingUrl ?? p.trackingUrl,
        pickupCode: s.pickupCode ?? p.pickupCode,
        isWaitingForProvider: false,
        lastError: null,
        ...(moved ? { statusChangedAt: new Date() } : {}),
        lastPolledAt: source === 'poll' ? new Date() : s.lastPolledAt,
      },
    })
    if (state !== 'CONFIRMED' && state !== 'CANCELLED' && state !== 'FAILED')
      await enqueueJob(
        tx,
        'sync-shipment',
        { shipmentId },
        { jobKey: `shipment/${shipmentId}/sync`, runAt: new Date(Date.now() + SYNC_DELAY_MS) },
      )
    if (state === 'CONFIRMED' && s.state !== 'CONFIRMED')
      await enqueueJob(
        tx,
        'store-shipment-labels',
        { shipmentId },
        { jobKey: `shipment/${shipmentId}/labels` },
      )
    if (nextStage !== s.stage) await onShipmentStageChanged(tx, shipmentId, s.stage, nextStage)
    return { state, stage: nextStage, moved }
  })
  return changed
}

/** Re-reads a shipment from its carrier and applies it (webhook trigger, polling, the create flow's follow-up). */
export async function syncShipment(
  db: Db,
  shipmentId: string,
  source: 'webhook' | 'poll' | 'create',
  ctx?: Pick<TaskContext, 'attempt' | 'maxAttempts'>,
) {
  const s = await db.shipment.findUnique({ where: { id: shipmentId } })
  if (!s?.providerShipmentId) return { skipped: 'not booked yet' }
  const r = await carrierOf(s.carrier).getShipment(s.providerShipmentId, { orderId: s.orderId })
  if (!r.ok) {
    if (r.isRetryable) {
      await db.shipment.update({
        where: { id: s.id },
        data: { isWaitingForProvider: true, lastError: describeFailure(r) },
      })
      if (!ctx || ctx.attempt < ctx.maxAttempts)
        throw new AppError('PROVIDER_UNAVAILABLE', describeFailure(r))
    }
    throw new AppError('PROVIDER_REJECTED', describeFailure(r), { isRetryable: false })
  }
  return applyProviderState(db, s.id, r.value, source)
}

/** Fetches both label sizes once the shipment is confirmed, so printing never waits on the carrier. */
export async function storeShipmentLabels(db: Db, shipmentId: string) {
  const s = await db.shipment.findUnique({ where: { id: shipmentId }, include: { labels: true } })
  if (!s?.providerShipmentId || s.state !== 'CONFIRMED') return { skipped: true }
  const sizes: TLabelSize[] = s.carrier === 'apaczka' ? ['A6'] : ['A6', 'A4']
  for (const size of sizes) {
    if (s.labels.some((l) => l.size === size)) continue
    const r = await carrierOf(s.carrier).label(s.providerShipmentId, size, { orderId: s.orderId })
    if (!r.ok) {
      if (r.isRetryable) throw new AppError('PROVIDER_UNAVAILABLE', describeFailure(r))
      throw new AppError('PROVIDER_REJECTED', describeFailure(r), { isRetryable: false })
    }
    await db.shipmentLabel.createMany({
      data: [{ shipmentId, size, data: new Uint8Array(r.value), sizeBytes: r.value.length }],
      skipDuplicates: true,
    })
  }
  return { stored: sizes }
}

export async function getShipmentLabel(db: Db, shipmentId: string, size: TLabelSize) {
  const s = await db.shipment.findUnique({ where: { id: shipmentId }, include: { labels: true } })
  if (!s) throw new AppError('NOT_FOUND', 'No such shipment.')
  if (s.state !== 'CONFIRMED')
    throw new AppError('INVALID_TRANSITION', 'The label is available once the shipment is confirmed.')
  const label = s.labels.find((l) => l.size === size) ?? s.labels.find((l) => l.size === 'A6')
  if (!label)
    throw new AppError(
      'PROVIDER_UNAVAILABLE',
      'The label is being fetched from the carrier; try again in a moment.',
    )
  return { pdf: Buffer.from(label.data), filename: `label-${s.trackingNumber ?? s.id}-${label.size}.pdf` }
}

/** One PDF with the labels of many shipments, in the order given (pdf-lib copies the stored pages). */
export async function mergeShipmentLabels(db: Db, shipmentIds: string[], size: TLabelSize) {
  if (shipmentIds.length === 0) throw new AppError('VALIDATION', 'Choose at least one shipment.')
  if (shipmentIds.length > 500) throw new AppError('VALIDATION', 'At most 500 labels at once.')
  const rows = await db.shipment.findMany({ where: { id: { in: shipmentIds } }, include: { labels: true } })
  const byId = new Map(rows.map((r) => [r.id, r]))
  const missing: string[] = []
  const out = await PDFDocument.create()
  for (const id of shipmentIds) {
    const s = byId.get(id)
    const label = s?.labels.find((l) => l.size === size) ?? s?.labels.find((l) => l.size === 'A6')
    if (s?.state !== 'CONFIRMED' || !label) {
      missing.push(s ? (s.trackingNumber ?? s.id) : id)
      continue
    }
    const src = await PDFDocument.load(label.data)
    const pages = await out.copyPages(src, src.getPageIndices())
    for (const p of pages) out.addPage(p)
  }
  if (out.getPageCount() === 0)
    throw new AppError('INVALID_TRANSITION', 'None of the chosen shipments has a label yet.')
  return { pdf: Buffer.from(await out.save()), count: out.getPageCount(), missing }
}

export async function requestCancelShipment(db: Db, shipmentId: string, actor: string) {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM shipments WHERE id = ${shipmentId}::uuid FOR UPDATE`
    const s = await tx.shipment.findUnique({ where: { id: shipmentId } })
    if (!s) throw new AppError('NOT_FOUND', 'No such shipment.')
    if (
      s.stage !== 'IN_PREPARATION' ||
      !['REQUESTED', 'CREATED', 'OFFERS_PREPARED', 'CONFIRMED'].includes(s.state)
    )
      throw new AppError(
        'INVALID_TRANSITION',
        'Only shipments not yet handed to the carrier can be cancelled.',
      )
    if (s.state === 'REQUESTED' && !s.providerShipmentId) {
      // nothing booked yet: a create job still pending finds the state changed and does nothing
      await tx.shipment.update({
        where: { id: s.id },
        data: { state: 'CANCELLED', isWaitingForProvider: false },
      })
      await tx.shipmentEvent.createMany({
        data: [{ shipmentId: s.id, status: 'cancelled', source: 'create' }],
        skipDuplicates: true,
      })
      return { state: 'CANCELLED' as const }
    }
    await tx.shipment.update({ where: { id: s.id }, data: { state: 'CANCEL_REQUESTED' } })
    await tx.orderTimelineEntry.create({
      data: {
        orderId: s.orderId,
        kind: 'shipment.cancel_requested',
        message: `Shipment ${s.sequence} cancellation requested by ${actor}`,
      },
    })
    await enqueueJob(tx, 'cancel-shipment', { shipmentId: s.id }, { jobKey: `shipment/${s.id}/cancel` })
    return { state: 'CANCEL_REQUESTED' as const }
  })
}

export async function runCancelShipment(
  db: Db,
  shipmentId: string,
  ctx: Pick<TaskContext, 'attempt' | 'maxAttempts'>,
) {
  const s = await db.shipment.findUnique({ where: { id: shipmentId } })
  if (s?.state !== 'CANCEL_REQUESTED' || !s.providerShipmentId) return { skipped: s?.state ?? 'missing' }
  const r = await carrierOf(s.carrier).cancelShipment(s.providerShipmentId, {
    orderId: s.orderId,
    idempotencyKey: `shipment/${s.id}/cancel`,
  })
  if (!r.ok) {
    if (r.isRetryable && ctx.attempt < ctx.maxAttempts) {
      await db.shipment.update({
        where: { id: s.id },
        data: { isWaitingForProvider: true, lastError: describeFailure(r) },
      })
      throw new AppError('PROVIDER_UNAVAILABLE', describeFailure(r))
    }
    // the carrier kept it (already dispatched, or it never answered): back to confirmed, and staff are told why
    await db.$transaction(async (tx) => {
      await tx.shipment.update({
        where: { id: s.id },
        data: { state: 'CONFIRMED', isWaitingForProvider: false, lastError: describeFailure(r) },
      })
      await raiseShipmentFlag(
        tx,
        s.orderId,
        'shipment.cancel_failed',
        `The carrier did not cancel shipment ${s.sequence}: ${describeFailure(r)}`,
      )
    })
    return { failed: describeFailure(r) }
  }
  await db.$transaction(async (tx) => {
    await tx.shipment.update({
      where: { id: s.id },
      data: { state: 'CANCELLED', isWaitingForProvider: false, lastError: null },
    })
    await tx.shipmentEvent.createMany({
      data: [{ shipmentId: s.id, status: 'cancelled', source: 'create' }],
      skipDuplicates: true,
    })
  })
  return { cancelled: true }
}

/**
 * The polling fallback: Apaczka has no webhooks, so its open shipments are asked about on every run; InPost
 * shipments are asked about when their status has not moved for SHIPMENT_POLL_AFTER_HOURS (a webhook was missed).
 */
export async function pollShipments(db: Db, now = new Date()) {
  const quietSince = new Date(now.getTime() - env.SHIPMENT_POLL_AFTER_HOURS * 3600_000)
  const due = await db.shipment.findMany({
    where: {
      state: 'CONFIRMED',
      stage: { in: ['IN_PREPARATION', 'SHIPPED', 'READY_FOR_PICKUP'] },
      OR: [
        { carrier: 'apaczka' },
        {
          carrier: 'inpost',
          statusChangedAt: { lt: quietSince },
          OR: [{ lastPolledAt: null }, { lastPolledAt: { lt: quietSince } }],
        },
      ],
    },
    select: { id: true },
    take: 500,
  })
  await db.$transaction(async (tx) => {
    for (const s of due)
      await enqueueJob(tx, 'poll-shipment', { shipmentId: s.id }, { jobKey: `shipment/${s.id}/poll` })
  })
  logger.info({ due: due.length }, 'shipments due for a status poll')
  return { queued: due.length }
}

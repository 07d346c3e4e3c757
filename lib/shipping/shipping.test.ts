import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { startShippingTestbed } from '@/test/shipping-testbed'

// Real PostgreSQL, the InPost and Apaczka emulators, the real clients, the real webhook route and domain code.
const tb = await startShippingTestbed()
const { prisma } = await import('@/lib/db')
const { createProduct, customer, resetDb } = await import('@/test/db')
const { placeOrder } = await import('@/lib/orders/place-order')
const { markPaid, seedSellerSettings } = await import('@/lib/invoices/testing/orders')
const { pdfToText } = await import('@/lib/invoices/testing/tools')
const { issueInvoice } = await import('@/lib/invoices/issue-invoice')
const { ensureDefaultShippingMethods } = await import('./methods')
const s = await import('./shipments')
const { processInpostEvent, receiveInpostWebhook } = await import('./inpost-webhook')
const { AppError } = await import('@/lib/errors')

const tmp = mkdtempSync(path.join(tmpdir(), 'shipping-test-'))
afterAll(async () => {
  await tb.close()
  rmSync(tmp, { recursive: true, force: true })
})
beforeEach(async () => {
  await resetDb()
  await tb.reset()
  await seedSellerSettings(prisma)
  await ensureDefaultShippingMethods(prisma)
})

const job = (attempt = 1, maxAttempts = 8) => ({ attempt, maxAttempts })
const method = (code: string) => prisma.shippingMethod.findUniqueOrThrow({ where: { code } })

async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, ms = 5000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 25))
  }
}

async function paidOrder(
  code = 'inpost-locker',
  pointName: string | undefined = 'KRA010',
  priceGrossMinor = 4900,
) {
  const product = await createProduct({ priceGrossMinor, stock: 50, weightGrams: 800 })
  const m = await method(code)
  const placed = await placeOrder(
    prisma,
    {
      lines: [{ productId: product.id, quantity: 2 }],
      customer: customer({ phone: '+48 600 100 200' }),
      locale: 'pl',
      consent: true,
      delivery: { methodId: m.id, pointName: m.kind === 'INPOST_LOCKER' ? pointName : undefined },
    },
    { unpaidTtlMinutes: 60 },
  )
  await markPaid(prisma, placed.orderId, { enqueue: false })
  return placed
}

/** What the worker does: create, then follow the shipment until the provider confirms it, then store labels. */
async function bookAndConfirm(orderId: string, over: Partial<Parameters<typeof s.requestShipment>[1]> = {}) {
  const req = await s.requestShipment(
    prisma,
    { orderId, parcelTemplate: 'small', weightGrams: 1600, ...over },
    'staff:test',
  )
  await s.runCreateShipment(prisma, req.id, job())
  await waitFor(async () => {
    const r = await s.syncShipment(prisma, req.id, 'create')
    return 'state' in r && r.state === 'CONFIRMED'
  })
  await s.storeShipmentLabels(prisma, req.id)
  return prisma.shipment.findUniqueOrThrow({ where: { id: req.id }, include: { events: true } })
}

/** Runs the process-inpost-event jobs for every stored, unprocessed InPost webhook, oldest first. */
async function processStoredWebhooks() {
  const evs = await prisma.webhookEvent.findMany({
    where: { provider: 'inpost', status: 'RECEIVED' },
    orderBy: { receivedAt: 'asc' },
  })
  for (const ev of evs) await processInpostEvent(prisma, ev.id, job())
  return evs.length
}

const pdfPages = (pdf: Buffer) => {
  const f = path.join(tmp, `p-${Math.random()}.pdf`)
  writeFileSync(f, pdf)
  return Number(
    execFileSync('pdfinfo', [f])
      .toString()
      .match(/Pages:\s+(\d+)/)![1],
  )
}

describe('checkout delivery', () => {
  it('adds the delivery as its own 23 % line; the invoice total equals what was charged', async () => {
    const placed = await paidOrder()
    const order = await prisma.order.findUniqueOrThrow({
      where: { id: placed.orderId },
      include: { lines: true },
    })
    expect(order.totalGrossMinor).toBe(2 * 4900 + 1399)
    const ship = order.lines.find((l) => l.kind === 'SHIPPING')!
    expect(ship).toMatchObject({
      productId: null,
      vatRate: 'R23',
      unitGrossMinor: 1399,
      quantity: 1,
      namePl: 'Dostawa: Paczkomat InPost',
    })
    expect(order.deliveryPoint).toMatchObject({ name: 'KRA010', city: 'Kraków', postCode: '31-153' })
    await issueInvoice(prisma, placed.orderId)
    const invoice = await prisma.invoice.findFirstOrThrow({ where: { orderId: placed.orderId } })
    expect(invoice.totalGrossMinor).toBe(order.totalGrossMinor)
    const doc = invoice.document as { lines: { name: string; vatRate: string; grossMinor: number }[] }
    expect(doc.lines.at(-1)).toMatchObject({
      name: 'Dostawa: Paczkomat InPost',
      vatRate: '23',
      grossMinor: 1399,
    })
  })

  it('ships free from the threshold on: no delivery line', async () => {
    const placed = await paidOrder('inpost-locker', 'KRA010', 10_000)
    const order = await prisma.order.findUniqueOrThrow({
      where: { id: placed.orderId },
      include: { lines: true },
    })
    expect(order.totalGrossMinor).toBe(20_000)
    expect(order.lines.map((l) => l.kind)).toEqual(['PRODUCT'])
  })

  it('a locker that no longer exists: the customer is told and nothing is created', async () => {
    await tb.control('inpost', 'points/KRA012/remove', {})
    const product = await createProduct({ stock: 5 })
    const m = await method('inpost-locker')
    const err = await placeOrder(
      prisma,
      {
        lines: [{ productId: product.id, quantity: 1 }],
        customer: customer({ phone: '600100200' }),
        locale: 'pl',
        consent: true,
        delivery: { methodId: m.id, pointName: 'KRA012' },
      },
      { unpaidTtlMinutes: 60 },
    ).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as InstanceType<typeof AppError>).fieldErrors).toEqual({
      'delivery.pointName': ['Parcel locker KRA012 no longer exists. Please choose another one.'],
    })
    expect(await prisma.order.count()).toBe(0)
    expect((await prisma.product.findUniqueOrThrow({ where: { id: product.id } })).stock).toBe(5)
  })

  it('carrier rules are checked before any call: phone for lockers, Polish postcode for couriers, weight', async () => {
    const product = await createProduct({ stock: 5, weightGrams: 20_000 })
    const base = {
      lines: [{ productId: product.id, quantity: 1 }],
      locale: 'pl' as const,
      consent: true as const,
    }
    const locker = await method('inpost-locker')
    const e1 = await placeOrder(
      prisma,
      {
        ...base,
        customer: customer({ phone: '12345' }),
        delivery: { methodId: locker.id, pointName: 'KRA010' },
      },
      { unpaidTtlMinutes: 60 },
    ).catch((e: unknown) => e)
    expect((e1 as InstanceType<typeof AppError>).fieldErrors).toEqual({
      'customer.phone': ['enter a valid phone number'],
    })
    const e2 = await placeOrder(
      prisma,
      {
        ...base,
        customer: customer({ phone: '+49 151 2345678' }),
        delivery: { methodId: locker.id, pointName: 'KRA010' },
      },
      { unpaidTtlMinutes: 60 },
    ).catch((e: unknown) => e)
    expect((e2 as InstanceType<typeof AppError>).fieldErrors).toEqual({
      'customer.phone': ['the carrier needs a Polish phone number (9 digits)'],
    })
    const heavy = await createProduct({ stock: 5, weightGrams: 26_000 })
    const e3 = await placeOrder(
      prisma,
      {
        ...base,
        lines: [{ productId: heavy.id, quantity: 1 }],
        customer: customer({ phone: '600100200' }),
        delivery: { methodId: locker.id, pointName: 'KRA010' },
      },
      { unpaidTtlMinutes: 60 },
    ).catch((e: unknown) => e)
    expect((e3 as InstanceType<typeof AppError>).fieldErrors).toEqual({
      'delivery.methodId': ['This delivery method takes parcels up to 25 kg; choose another.'],
    })
    const courier = await method('apaczka-courier')
    const abroad = { line1: 'Hauptstraße 5', postalCode: '10115', city: 'Berlin', country: 'DE' }
    const e4 = await placeOrder(
      prisma,
      {
        ...base,
        customer: customer({ phone: '600100200', shippingAddress: abroad }),
        delivery: { methodId: courier.id },
      },
      { unpaidTtlMinutes: 60 },
    ).catch((e: unknown) => e)
    expect((e4 as InstanceType<typeof AppError>).fieldErrors).toEqual({
      'customer.shippingAddress.postalCode': ['couriers deliver in Poland only (00-000)'],
    })
    expect(await prisma.order.count()).toBe(0)
  })
})

describe('creating a shipment (InPost)', () => {
  it('created -> offers_prepared -> confirmed, each step recorded; the label PDF shows the tracking number', async () => {
    const placed = await paidOrder()
    const shipment = await bookAndConfirm(placed.orderId, { reference: 'Paleta 7' })
    expect(shipment).toMatchObject({
      state: 'CONFIRMED',
      stage: 'IN_PREPARATION',
      targetPoint: 'KRA010',
      isWaitingForProvider: false,
    })
    expect(shipment.trackingNumber).toMatch(/^6\d{23}$/)
    expect(shipment.events.map((e) => e.status)).toEqual(
      expect.arrayContaining(['requested', 'created', 'confirmed']),
    )
    const remote = (
      await tb.control<{ data: { id: number; reference: string; custom_attributes: unknown }[] }>(
        'inpost',
        'shipments',
      )
    ).data
    expect(remote).toHaveLength(1)
    expect(remote[0]).toMatchObject({
      reference: `Paleta 7 ${placed.number}/1`,
      custom_attributes: { target_point: 'KRA010' },
    })
    for (const size of ['A6', 'A4'] as const) {
      const { pdf } = await s.getShipmentLabel(prisma, shipment.id, size)
      expect(pdfToText(pdf)).toContain(shipment.trackingNumber)
    }
    const calls = await prisma.providerCall.findMany({
      where: { provider: 'inpost', orderId: placed.orderId },
    })
    expect(calls.find((c) => c.operation === 'shipments.create')).toMatchObject({
      isOk: true,
      httpStatus: 201,
      idempotencyKey: `shipment/${shipment.id}/create`,
    })
  })

  it('a retried create finds the earlier attempt by reference: one parcel at InPost', async () => {
    const placed = await paidOrder()
    const req = await s.requestShipment(
      prisma,
      { orderId: placed.orderId, parcelTemplate: 'medium', weightGrams: 2000 },
      'staff:test',
    )
    await s.runCreateShipment(prisma, req.id, job())
    // the answer was lost: the row never learnt the provider id, so the job runs again
    await prisma.shipment.update({
      where: { id: req.id },
      data: { state: 'REQUESTED', providerShipmentId: null },
    })
    await s.runCreateShipment(prisma, req.id, job(2))
    expect((await tb.control<{ data: unknown[] }>('inpost', 'shipments')).data).toHaveLength(1)
  })

  it('an outage: retried with backoff while "waiting for the provider", then FAILED with a staff alert', async () => {
    const placed = await paidOrder()
    const req = await s.requestShipment(
      prisma,
      { orderId: placed.orderId, parcelTemplate: 'small', weightGrams: 1000 },
      'staff:test',
    )
    await tb.control('inpost', 'faults', { kind: 'error_5xx', op: 'create', count: 2 })
    // the reference search answers; the create itself gets 503
    await expect(s.runCreateShipment(prisma, req.id, job(1, 2))).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      isRetryable: true,
    })
    expect(await prisma.shipment.findUniqueOrThrow({ where: { id: req.id } })).toMatchObject({
      state: 'REQUESTED',
      isWaitingForProvider: true,
      lastError: 'service_unavailable: Service temporarily unavailable (sandbox fault)',
    })
    await s.runCreateShipment(prisma, req.id, job(2, 2))
    expect(await prisma.shipment.findUniqueOrThrow({ where: { id: req.id } })).toMatchObject({
      state: 'FAILED',
      isWaitingForProvider: false,
    })
    const alert = await prisma.emailMessage.findFirstOrThrow({ where: { template: 'staff-alert' } })
    expect((alert.props as { title: string }).title).toBe('inpost is not answering: shipment not booked')
    expect(await prisma.order.findUniqueOrThrow({ where: { id: placed.orderId } })).toMatchObject({
      needsAttention: true,
    })
  })

  it('a timeout counts as an outage', async () => {
    const placed = await paidOrder()
    const req = await s.requestShipment(
      prisma,
      { orderId: placed.orderId, parcelTemplate: 'small', weightGrams: 1000 },
      'staff:test',
    )
    await tb.control('inpost', 'faults', { kind: 'timeout', op: 'any', delayMs: 6000 })
    await expect(s.runCreateShipment(prisma, req.id, job())).rejects.toMatchObject({ isRetryable: true })
    expect((await prisma.shipment.findUniqueOrThrow({ where: { id: req.id } })).lastError).toBe(
      'timeout: InPost did not answer in time',
    )
  })

  it('target_point does_not_exist (nested details) fails at once with advice for staff, never retried', async () => {
    const placed = await paidOrder()
    await tb.control('inpost', 'points/KRA010/remove', {})
    const req = await s.requestShipment(
      prisma,
      { orderId: placed.orderId, parcelTemplate: 'small', weightGrams: 1000 },
      'staff:test',
    )
    expect(await s.runCreateShipment(prisma, req.id, job())).toEqual({
      failed:
        'validation_failed: There are some validation errors. Check details object for more info. (custom_attributes.target_point: does_not_exist)',
    })
    expect((await prisma.shipment.findUniqueOrThrow({ where: { id: req.id } })).state).toBe('FAILED')
    const flag = await prisma.orderFlag.findFirstOrThrow({
      where: { orderId: placed.orderId, code: 'shipment.refused' },
    })
    expect(flag.message).toMatch(
      /^The parcel locker chosen at checkout no longer exists\. Ask the customer for another locker\./,
    )
    // after FAILED a new shipment can be requested
    await tb.control('inpost', 'points/KRA010/restore', {})
    expect(
      (
        await s.requestShipment(
          prisma,
          { orderId: placed.orderId, parcelTemplate: 'small', weightGrams: 1000 },
          'staff:test',
        )
      ).sequence,
    ).toBe(2)
  })

  it('sending_method unavailable is a permanent refusal', async () => {
    const placed = await paidOrder()
    const req = await s.requestShipment(
      prisma,
      { orderId: placed.orderId, parcelTemplate: 'small', weightGrams: 1000 },
      'staff:test',
    )
    await tb.control('inpost', 'faults', { kind: 'sending_method_unavailable', op: 'create' })
    const r = await s.runCreateShipment(prisma, req.id, job())
    expect(r).toEqual({ failed: expect.stringContaining('custom_attributes.sending_method: unavailable') })
    expect(
      (await prisma.orderFlag.findFirstOrThrow({ where: { orderId: placed.orderId, source: 'shipping' } }))
        .message,
    ).toMatch(/does not accept this sending method/)
  })

  it('a label 4xx without details is a permanent, explained error', async () => {
    const placed = await paidOrder()
    const req = await s.requestShipment(
      prisma,
      { orderId: placed.orderId, parcelTemplate: 'small', weightGrams: 1000 },
      'staff:test',
    )
    await s.runCreateShipment(prisma, req.id, job())
    await waitFor(async () => {
      const r = await s.syncShipment(prisma, req.id, 'create')
      return 'state' in r && r.state === 'CONFIRMED'
    })
    await tb.control('inpost', 'faults', { kind: 'error_4xx_no_details', op: 'label' })
    await expect(s.storeShipmentLabels(prisma, req.id)).rejects.toMatchObject({
      code: 'PROVIDER_REJECTED',
      isRetryable: false,
      message: 'bad_request: InPost answered 400 without details',
    })
  })

  it('refuses a label before confirmation, and only paid orders with a carrier can be shipped', async () => {
    const placed = await paidOrder()
    const req = await s.requestShipment(
      prisma,
      { orderId: placed.orderId, parcelTemplate: 'small', weightGrams: 1000 },
      'staff:test',
    )
    await expect(s.getShipmentLabel(prisma, req.id, 'A6')).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    })
    await expect(
      s.requestShipment(
        prisma,
        { orderId: placed.orderId, parcelTemplate: 'small', weightGrams: 1000 },
        'staff:test',
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT' })
    const pickup = await paidOrder('pickup')
    await expect(
      s.requestShipment(
        prisma,
        { orderId: pickup.orderId, parcelTemplate: 'small', weightGrams: 1000 },
        'staff:test',
      ),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION' })
  })

  it('cancels before dispatch; not after', async () => {
    const a = await bookAndConfirm((await paidOrder()).orderId)
    await s.requestCancelShipment(prisma, a.id, 'staff:test')
    await s.runCancelShipment(prisma, a.id, job())
    expect((await prisma.shipment.findUniqueOrThrow({ where: { id: a.id } })).state).toBe('CANCELLED')
    const b = await bookAndConfirm((await paidOrder()).orderId)
    await tb.control('inpost', `shipments/${b.providerShipmentId}/advance`, { to: 'collected_from_sender' })
    await waitFor(
      async () =>
        (await processStoredWebhooks()) === 0 &&
        (await prisma.shipment.findUniqueOrThrow({ where: { id: b.id } })).stage === 'SHIPPED',
    )
    await expect(s.requestCancelShipment(prisma, b.id, 'staff:test')).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    })
  })
})

describe('tracking (InPost webhooks through the real route)', () => {
  it('moves to shipped, ready for pickup and delivered; one email each; duplicates and late webhooks change nothing', async () => {
    const placed = await paidOrder()
    const sh = await bookAndConfirm(placed.orderId)
    // step by step, as parcels move (each webhook re-reads the shipment, so an instant jump would skip stages)
    for (const [to, stage] of [
      ['out_for_delivery', 'SHIPPED'],
      ['ready_to_pickup', 'READY_FOR_PICKUP'],
      ['delivered', 'DELIVERED'],
    ]) {
      await tb.control('inpost', `shipments/${sh.providerShipmentId}/advance`, { to })
      await waitFor(async () => {
        await processStoredWebhooks()
        return (await prisma.shipment.findUniqueOrThrow({ where: { id: sh.id } })).stage === stage
      })
    }
    // a duplicate delivery of a status already stored, then a late out_for_delivery
    await tb.control('inpost', `shipments/${sh.providerShipmentId}/webhook`, { to: 'delivered' })
    await tb.control('inpost', `shipments/${sh.providerShipmentId}/webhook`, { to: 'out_for_delivery' })
    await waitFor(async () => {
      const d = (await tb.control<{ data: { state: string }[] }>('inpost', 'webhooks')).data
      return d.every((x) => x.state === 'delivered')
    })
    await processStoredWebhooks()
    const after = await prisma.shipment.findUniqueOrThrow({ where: { id: sh.id }, include: { events: true } })
    expect(after).toMatchObject({ stage: 'DELIVERED', providerStatus: 'delivered' })
    const emails = await prisma.emailMessage.findMany({
      where: { template: 'shipment-status' },
      orderBy: { createdAt: 'asc' },
    })
    expect(emails.map((e) => e.idempotencyKey)).toEqual([
      `shipment/${sh.id}/email/shipped`,
      `shipment/${sh.id}/email/ready_for_pickup`,
      `shipment/${sh.id}/email/delivered`,
    ])
    expect(emails.every((e) => e.locale === 'pl' && e.toAddress === 'anna@example.com')).toBe(true)
    expect((emails[1]!.props as { pointName: string }).pointName).toBe('KRA010')
    // each (shipment, status) once
    const statuses = after.events.map((e) => e.status)
    expect(new Set(statuses).size).toBe(statuses.length)
    const stored = await prisma.webhookEvent.count({
      where: { provider: 'inpost', eventId: `${sh.providerShipmentId}/shipment_status_changed/delivered` },
    })
    expect(stored).toBe(1)
  })

  it('refuses and records a webhook from a foreign address and a foreign organisation', async () => {
    const body = JSON.stringify({
      event_ts: '2026-12-01 10:00:00 +0100',
      event: 'shipment_status_changed',
      organization_id: 7,
      payload: { shipment_id: 49, status: 'delivered', tracking_number: '602677439331630337653846' },
    })
    expect(await receiveInpostWebhook(prisma, body, '203.0.113.9')).toEqual({
      status: 403,
      body: { received: false, error: 'source address not allowed' },
    })
    expect(
      await receiveInpostWebhook(
        prisma,
        body.replace('"organization_id":7', '"organization_id":8'),
        '127.0.0.1',
      ),
    ).toMatchObject({ status: 403 })
    const refused = await prisma.webhookEvent.findMany({
      where: { provider: 'inpost', status: 'REFUSED' },
      orderBy: { receivedAt: 'asc' },
    })
    expect(refused.map((r) => r.refusalReason)).toEqual([
      'source address 203.0.113.9 is not in INPOST_WEBHOOK_SOURCES',
      'organization 8 is not ours',
    ])
    expect(refused[0]!.payload).toMatchObject({
      claimedEvent: 'shipment_status_changed',
      claimedShipmentId: 49,
      sourceIp: '203.0.113.9',
    })
  })

  it('a webhook is only a trigger: a forged "delivered" for a shipment still in transit changes nothing', async () => {
    const sh = await bookAndConfirm((await paidOrder()).orderId)
    const body = JSON.stringify({
      event: 'shipment_status_changed',
      organization_id: 7,
      payload: { shipment_id: Number(sh.providerShipmentId), status: 'delivered' },
    })
    expect((await receiveInpostWebhook(prisma, body, '127.0.0.1')).status).toBe(200)
    await processStoredWebhooks()
    expect((await prisma.shipment.findUniqueOrThrow({ where: { id: sh.id } })).stage).toBe('IN_PREPARATION')
    expect(await prisma.emailMessage.count({ where: { template: 'shipment-status' } })).toBe(0)
  })

  it('polling fallback: a shipment quiet for too long is re-read; missed webhooks are caught up', async () => {
    const sh = await bookAndConfirm((await paidOrder()).orderId)
    await tb.control('inpost', 'webhook-endpoint', { url: '' }, 'PUT')
    await tb.control('inpost', `shipments/${sh.providerShipmentId}/advance`, { to: 'ready_to_pickup' })
    expect(await s.pollShipments(prisma)).toEqual({ queued: 0 })
    await prisma.shipment.update({
      where: { id: sh.id },
      data: { statusChangedAt: new Date(Date.now() - 7 * 3600_000) },
    })
    expect(await s.pollShipments(prisma)).toEqual({ queued: 1 })
    await s.syncShipment(prisma, sh.id, 'poll')
    const after = await prisma.shipment.findUniqueOrThrow({ where: { id: sh.id } })
    expect(after).toMatchObject({ stage: 'READY_FOR_PICKUP', providerStatus: 'ready_to_pickup' })
    expect(after.lastPolledAt).not.toBeNull()
    // polled just now: not due again
    await prisma.shipment.update({
      where: { id: sh.id },
      data: { statusChangedAt: new Date(Date.now() - 7 * 3600_000) },
    })
    expect(await s.pollShipments(prisma)).toEqual({ queued: 0 })
  })
})

describe('Apaczka courier', () => {
  it('books through the broker with the configured carrier, stores the waybill, and is polled to delivered', async () => {
    const placed = await paidOrder('apaczka-courier')
    const sh = await bookAndConfirm(placed.orderId, {
      carrierServiceId: 23,
      parcelTemplate: 'medium',
      weightGrams: 3000,
      insuranceMinor: 20000,
    })
    expect(sh).toMatchObject({ carrier: 'apaczka', state: 'CONFIRMED', carrierServiceId: 23 })
    const remote = (
      await tb.control<{ data: { service_id: number; comment: string }[] }>('apaczka', 'orders')
    ).data
    expect(remote).toEqual([expect.objectContaining({ service_id: 23, comment: `${placed.number}/1` })])
    expect(pdfToText((await s.getShipmentLabel(prisma, sh.id, 'A6')).pdf)).toContain(sh.trackingNumber)
    await tb.control('apaczka', `orders/${sh.providerShipmentId}/advance`, { to: 'DELIVERED' })
    expect(await s.pollShipments(prisma)).toEqual({ queued: 1 })
    await s.syncShipment(prisma, sh.id, 'poll')
    expect((await prisma.shipment.findUniqueOrThrow({ where: { id: sh.id } })).stage).toBe('DELIVERED')
    // Apaczka's waybill is in DHL's case the broker's PDF; the email names the carrier
    const delivered = await prisma.emailMessage.findFirstOrThrow({
      where: { idempotencyKey: `shipment/${sh.id}/email/delivered` },
    })
    expect((delivered.props as { carrierName: string }).carrierName).toBe('DHL')
  })

  it('an Apaczka outage (5xx) is retried; a refusal is permanent', async () => {
    const placed = await paidOrder('apaczka-courier')
    const req = await s.requestShipment(
      prisma,
      { orderId: placed.orderId, parcelTemplate: 'small', weightGrams: 1000 },
      'staff:test',
    )
    await tb.control('apaczka', 'faults', { kind: 'error_5xx', route: 'orders' })
    await expect(s.runCreateShipment(prisma, req.id, job())).rejects.toMatchObject({ isRetryable: true })
    await prisma.order.update({ where: { id: placed.orderId }, data: { phone: '12' } })
    const r = await s.runCreateShipment(prisma, req.id, job(2))
    expect(r).toEqual({ failed: 'status_400: address.receiver.phone is invalid' })
  })
})

describe('bulk labels', () => {
  it('merges the labels of several shipments into one PDF, one page each', async () => {
    const shipments = []
    for (let i = 0; i < 3; i++) shipments.push(await bookAndConfirm((await paidOrder()).orderId))
    const { pdf, count, missing } = await s.mergeShipmentLabels(
      prisma,
      shipments.map((x) => x.id),
      'A6',
    )
    expect({ count, missing }).toEqual({ count: 3, missing: [] })
    expect(pdfPages(pdf)).toBe(3)
    const text = pdfToText(pdf)
    for (const x of shipments) expect(text).toContain(x.trackingNumber)
  })
})

import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { readBody } from '../lib/http.ts'
import { type RunningSandbox, startSandbox } from '../server.ts'
import { createInpostEmulator } from './index.ts'

let sandbox: RunningSandbox
let base: string
const received: { body: Record<string, unknown>; status: number }[] = []
let hookStatus = 200
let hook: http.Server
let hookUrl: string
const tmp = mkdtempSync(path.join(tmpdir(), 'inpost-test-'))

beforeAll(async () => {
  hook = http.createServer(async (req, res) => {
    const body = JSON.parse((await readBody(req)).toString('utf8'))
    received.push({ body, status: hookStatus })
    res.writeHead(hookStatus).end()
  })
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r))
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`
  sandbox = await startSandbox({
    port: 0,
    emulators: () => [
      createInpostEmulator({
        quiet: true,
        stepDelayMs: 20,
        retryBaseMs: 20,
        maxAttempts: 3,
        webhookUrl: hookUrl,
      }),
    ],
  })
  base = sandbox.url
})
afterAll(async () => {
  await sandbox.close()
  hook.closeAllConnections()
  await new Promise<void>((r) => hook.close(() => r()))
  rmSync(tmp, { recursive: true, force: true })
})
afterEach(async () => {
  await control('POST', 'reset')
  await control('PUT', 'webhook-endpoint', { url: hookUrl })
  received.length = 0
  hookStatus = 200
})

const auth = { authorization: 'Bearer test-token', 'content-type': 'application/json' }
const api = (method: string, p: string, body?: unknown) =>
  fetch(`${base}/inpost${p}`, {
    method,
    headers: auth,
    body: body === undefined ? undefined : JSON.stringify(body),
  })
const control = async (method: string, p: string, body?: unknown) => {
  const r = await fetch(`${base}/_sandbox/inpost/${p}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return (await r.json()) as Record<string, unknown>
}
async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, ms = 5000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 20))
  }
}

const lockerShipment = (target = 'KRA010') => ({
  receiver: { name: 'Anna Kowalska', email: 'anna@example.com', phone: '600100200' },
  parcels: [{ template: 'small' }],
  custom_attributes: { target_point: target, sending_method: 'parcel_locker' },
  service: 'inpost_locker_standard',
  reference: 'HL-2026-000001-1',
})

async function confirmed(body = lockerShipment()) {
  const r = await api('POST', '/v1/organizations/1/shipments', body)
  expect(r.status).toBe(201)
  const created = (await r.json()) as { id: number; status: string }
  expect(created.status).toBe('created')
  return waitFor(async () => {
    const s = (await (await api('GET', `/v1/shipments/${created.id}`)).json()) as {
      id: number
      status: string
      tracking_number: string | null
    }
    return s.status === 'confirmed' ? s : null
  })
}

describe('InPost emulator: shipments', () => {
  it('creates a locker shipment that moves created -> offers_prepared -> confirmed with a tracking number', async () => {
    const r = await api('POST', '/v1/organizations/1/shipments', lockerShipment())
    const { id, status } = (await r.json()) as { id: number; status: string }
    expect(status).toBe('created')
    await waitFor(async () => {
      const s = (await (await api('GET', `/v1/shipments/${id}`)).json()) as { status: string }
      return s.status === 'confirmed'
    })
    const s = (await (await api('GET', `/v1/shipments/${id}`)).json()) as Record<string, unknown>
    expect(s.tracking_number).toMatch(/^6\d{23}$/)
    expect(s.custom_attributes).toEqual({ target_point: 'KRA010', sending_method: 'parcel_locker' })
    const list = (await (
      await api('GET', '/v1/organizations/1/shipments?reference=HL-2026-000001-1')
    ).json()) as {
      count: number
    }
    expect(list.count).toBe(1)
  })

  it('refuses a missing token and a foreign organisation', async () => {
    const r = await fetch(`${base}/inpost/v1/organizations/1/shipments`, { method: 'POST', body: '{}' })
    expect(r.status).toBe(401)
    expect(await r.json()).toMatchObject({ status: 401, error: 'token_invalid' })
    const f = await api('POST', '/v1/organizations/2/shipments', lockerShipment())
    expect(f.status).toBe(403)
  })

  it('answers nested validation errors: target_point does_not_exist, bad phone', async () => {
    const r = await api('POST', '/v1/organizations/1/shipments', {
      ...lockerShipment('XXX999'),
      receiver: { name: 'A', email: 'anna@example.com', phone: '12' },
    })
    expect(r.status).toBe(400)
    expect(await r.json()).toEqual({
      status: 400,
      error: 'validation_failed',
      description: 'There are some validation errors. Check details object for more info.',
      details: {
        receiver: [{ phone: ['invalid'] }],
        custom_attributes: [{ target_point: ['does_not_exist'] }],
      },
    })
  })

  it('a locker removed from the network no longer exists for new shipments or the points API', async () => {
    await control('POST', 'points/KRA012/remove')
    const r = await api('POST', '/v1/organizations/1/shipments', lockerShipment('KRA012'))
    expect(((await r.json()) as { details: unknown }).details).toEqual({
      custom_attributes: [{ target_point: ['does_not_exist'] }],
    })
    expect((await fetch(`${base}/inpost/v1/points/KRA012`)).status).toBe(404)
  })

  it('answers sending_method unavailable for POP drop-off', async () => {
    const body = lockerShipment()
    body.custom_attributes.sending_method = 'pop'
    const r = await api('POST', '/v1/organizations/1/shipments', body)
    expect(r.status).toBe(400)
    expect(((await r.json()) as { details: unknown }).details).toEqual({
      custom_attributes: [{ sending_method: ['unavailable'] }],
    })
  })

  it('refuses a label before confirmation with invalid_action, then serves a PDF with the tracking number', async () => {
    const r = await api('POST', '/v1/organizations/1/shipments', lockerShipment())
    const { id } = (await r.json()) as { id: number }
    const early = await api('GET', `/v1/shipments/${id}/label?format=Pdf&type=A6`)
    expect(early.status).toBe(400)
    expect(await early.json()).toMatchObject({ error: 'invalid_action' })
    const s = await waitFor(async () => {
      const x = (await (await api('GET', `/v1/shipments/${id}`)).json()) as {
        status: string
        tracking_number: string
      }
      return x.status === 'confirmed' ? x : null
    })
    for (const type of ['A6', 'normal']) {
      const label = await api('GET', `/v1/shipments/${id}/label?format=Pdf&type=${type}`)
      expect(label.status).toBe(200)
      expect(label.headers.get('content-type')).toBe('application/pdf')
      const file = path.join(tmp, `${type}.pdf`)
      writeFileSync(file, Buffer.from(await label.arrayBuffer()))
      const text = execFileSync('pdftotext', [file, '-']).toString()
      expect(text).toContain(s.tracking_number)
      expect(text).toContain('KRA010')
      const info = execFileSync('pdfinfo', [file]).toString()
      expect(info).toContain(type === 'A6' ? '297.64 x 419.53' : '595.28 x 841.89')
    }
  })

  it('serves bulk labels as one PDF with a page per shipment, at most 100', async () => {
    const a = await confirmed()
    const b = await confirmed(lockerShipment('WAW22A'))
    const r = await api(
      'GET',
      `/v1/organizations/1/shipments/labels?format=Pdf&type=A6&shipment_ids[]=${a.id}&shipment_ids[]=${b.id}`,
    )
    expect(r.status).toBe(200)
    const file = path.join(tmp, 'bulk.pdf')
    writeFileSync(file, Buffer.from(await r.arrayBuffer()))
    expect(execFileSync('pdfinfo', [file]).toString()).toMatch(/Pages:\s+2/)
    const text = execFileSync('pdftotext', [file, '-']).toString()
    expect(text).toContain(a.tracking_number!)
    expect(text).toContain(b.tracking_number!)
    const many = Array.from({ length: 101 }, (_, i) => `shipment_ids[]=${i}`).join('&')
    expect((await api('GET', `/v1/organizations/1/shipments/labels?${many}`)).status).toBe(400)
  })

  it('cancels before dispatch only', async () => {
    const a = await confirmed()
    expect((await api('DELETE', `/v1/shipments/${a.id}`)).status).toBe(204)
    expect(((await (await api('GET', `/v1/shipments/${a.id}`)).json()) as { status: string }).status).toBe(
      'canceled',
    )
    const b = await confirmed()
    await control('POST', `shipments/${b.id}/advance`, { to: 'collected_from_sender' })
    const r = await api('DELETE', `/v1/shipments/${b.id}`)
    expect(r.status).toBe(400)
    expect(await r.json()).toMatchObject({ error: 'invalid_action' })
  })
})

describe('InPost emulator: faults', () => {
  it('5xx, 4xx without details and timeouts, once each', async () => {
    await control('POST', 'faults', { kind: 'error_5xx', op: 'create' })
    expect((await api('POST', '/v1/organizations/1/shipments', lockerShipment())).status).toBe(503)
    await control('POST', 'faults', { kind: 'error_4xx_no_details', op: 'label' })
    const r = await api('GET', '/v1/shipments/1/label')
    expect(r.status).toBe(400)
    expect(await r.json()).toEqual({ status: 400, error: 'bad_request' })
    await control('POST', 'faults', { kind: 'timeout', op: 'get', delayMs: 50 })
    await expect(api('GET', '/v1/shipments/1')).rejects.toThrow()
    // faults are used up: the next call works
    expect((await api('POST', '/v1/organizations/1/shipments', lockerShipment())).status).toBe(201)
  })
})

describe('InPost emulator: points and statuses', () => {
  it('searches lockers by city, postcode and name', async () => {
    const byCity = (await (await fetch(`${base}/inpost/v1/points?city=Gdańsk`)).json()) as {
      count: number
      items: { name: string; address_details: { city: string } }[]
    }
    expect(byCity.items.map((p) => p.name)).toEqual(['GDA05M', 'GDA117', 'GDA41A'])
    const byPost = (await (await fetch(`${base}/inpost/v1/points?post_code=31-153`)).json()) as {
      items: { name: string }[]
    }
    expect(byPost.items.map((p) => p.name)).toEqual(['KRA010'])
    const byName = (await (await fetch(`${base}/inpost/v1/points?name=WAW22A`)).json()) as {
      items: { name: string }[]
    }
    expect(byName.items.map((p) => p.name)).toEqual(['WAW22A'])
    const lockers = (await (
      await fetch(`${base}/inpost/v1/points?city=Kraków&type=parcel_locker`)
    ).json()) as { count: number }
    expect(lockers.count).toBe(4)
  })
  it('lists statuses without auth', async () => {
    const r = (await (await fetch(`${base}/inpost/v1/statuses?lang=en_GB`)).json()) as {
      items: { name: string; title: string }[]
    }
    expect(r.items.find((s) => s.name === 'ready_to_pickup')?.title).toBe(
      'Placed in Parcel Locker (of destination).',
    )
  })
})

describe('InPost emulator: webhooks', () => {
  it('sends shipment_confirmed and each status on advance, in order', async () => {
    const s = await confirmed()
    await control('POST', `shipments/${s.id}/advance`, { to: 'delivered' })
    await waitFor(async () =>
      received.some((x) => (x.body.payload as { status: string }).status === 'delivered'),
    )
    const statuses = received
      .filter((x) => x.body.event === 'shipment_status_changed')
      .map((x) => (x.body.payload as { status: string }).status)
    expect(statuses).toEqual([
      'confirmed',
      'dispatched_by_sender',
      'collected_from_sender',
      'adopted_at_sorting_center',
      'sent_from_sorting_center',
      'out_for_delivery',
      'ready_to_pickup',
      'delivered',
    ])
    const first = received.find((x) => x.body.event === 'shipment_confirmed')!.body
    expect(first).toMatchObject({
      organization_id: 1,
      payload: { shipment_id: s.id, tracking_number: s.tracking_number },
    })
    expect(String(first.event_ts)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000$/)
  })

  it('retries a refused delivery with backoff until it is accepted', async () => {
    const s = await confirmed()
    await waitFor(async () => received.length >= 2)
    received.length = 0
    hookStatus = 500
    await control('POST', `shipments/${s.id}/webhook`, { to: 'out_for_delivery' })
    await waitFor(async () => received.length >= 2)
    hookStatus = 200
    await waitFor(async () => received.some((x) => x.status === 200))
    const deliveries = (await control('GET', 'webhooks')).data as {
      status: string
      state: string
      attempts: unknown[]
    }[]
    const d = deliveries.find((x) => x.status === 'out_for_delivery')!
    expect(d.state).toBe('delivered')
    expect(d.attempts.length).toBeGreaterThanOrEqual(3)
  })
})

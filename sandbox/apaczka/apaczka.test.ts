import { execFileSync } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type RunningSandbox, startSandbox } from '../server.ts'
import { createApaczkaEmulator } from './index.ts'

let sandbox: RunningSandbox
const appId = '1234567_abcdef'
const secret = 'secret123'
const tmp = mkdtempSync(path.join(tmpdir(), 'apaczka-test-'))

beforeAll(async () => {
  sandbox = await startSandbox({
    port: 0,
    emulators: () => [createApaczkaEmulator({ quiet: true, appId, appSecret: secret })],
  })
})
afterAll(async () => {
  await sandbox.close()
  rmSync(tmp, { recursive: true, force: true })
})
afterEach(async () => {
  await fetch(`${sandbox.url}/_sandbox/apaczka/reset`, { method: 'POST' })
})

type Env = { status: number; message: string; response: Record<string, unknown> }
async function call(
  route: string,
  data: unknown,
  o: { expires?: number; secret?: string; sig?: string } = {},
) {
  const request = data === undefined ? '{}' : JSON.stringify(data)
  const expires = String(o.expires ?? Math.floor(Date.now() / 1000) + 20 * 60)
  const signature =
    o.sig ??
    createHmac('sha256', o.secret ?? secret)
      .update(`${appId}:${route}:${request}:${expires}`)
      .digest('hex')
  const r = await fetch(`${sandbox.url}/apaczka/api/v2/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ app_id: appId, request, expires, signature }).toString(),
  })
  return { http: r.status, body: (await r.json()) as Env }
}

const order = {
  order: {
    service_id: 21,
    address: {
      sender: {
        country_code: 'PL',
        name: 'Hookline',
        line1: 'Długa 1',
        postal_code: '00-001',
        city: 'Warszawa',
        phone: '600000000',
        email: 'shop@hookline.test',
      },
      receiver: {
        country_code: 'PL',
        name: 'Jan Nowak',
        line1: 'Floriańska 5',
        postal_code: '31-019',
        city: 'Kraków',
        is_residential: 1,
        contact_person: 'Jan Nowak',
        email: 'jan@example.com',
        phone: '601202303',
      },
    },
    shipment: [
      { dimension1: 30, dimension2: 20, dimension3: 10, weight: 2, is_nstd: 0, shipment_type_code: 'PACZKA' },
    ],
    shipment_value: 10000,
    comment: 'HL-2026-000002-1',
  },
}

describe('Apaczka emulator', () => {
  it('checks the signature against the documented test vector', () => {
    const s = createHmac('sha256', 'secret123')
      .update('1234567_abcdef:order_send/:{"order":{"service_id":21}}:1767225600')
      .digest('hex')
    expect(s).toBe('968926c47c2ebe07f47699dbe3f402f3eb7196ca8606e040123efdbc1667f1df')
  })

  it('refuses a wrong signature, an expired request and one expiring more than 30 minutes ahead', async () => {
    expect((await call('order_send/', order, { secret: 'nope' })).body).toMatchObject({
      status: 401,
      message: 'Invalid signature',
    })
    expect(
      (await call('order_send/', order, { expires: Math.floor(Date.now() / 1000) - 5 })).body,
    ).toMatchObject({
      status: 401,
      message: 'Request expired',
    })
    expect(
      (await call('order_send/', order, { expires: Math.floor(Date.now() / 1000) + 31 * 60 })).body.status,
    ).toBe(401)
  })

  it('creates an order, serves its waybill PDF once ready, reports and advances its status', async () => {
    const sent = await call('order_send/', order)
    expect(sent.body.status).toBe(200)
    const o = sent.body.response.order as {
      id: number
      waybill_number: string
      status: string
      tracking_url: string
    }
    expect(o.status).toBe('NEW')
    expect(o.tracking_url).toContain(o.waybill_number)
    let wb: Awaited<ReturnType<typeof call>>
    const end = Date.now() + 3000
    do wb = await call(`waybill/${o.id}/`, undefined)
    while (wb.body.status !== 200 && Date.now() < end)
    const file = path.join(tmp, 'wb.pdf')
    writeFileSync(file, Buffer.from(wb.body.response.waybill as string, 'base64'))
    expect(execFileSync('pdftotext', [file, '-']).toString()).toContain(o.waybill_number)

    await fetch(`${sandbox.url}/_sandbox/apaczka/orders/${o.id}/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'DELIVERED' }),
    })
    const st = await call(`order/${o.id}/`, undefined)
    expect((st.body.response.order as { status: string }).status).toBe('DELIVERED')
  })

  it('validates the receiver before booking', async () => {
    const bad = structuredClone(order)
    bad.order.address.receiver.postal_code = '31019'
    expect((await call('order_send/', bad)).body).toMatchObject({
      status: 400,
      message: 'address.receiver.postal_code is invalid',
    })
  })

  it('injects 5xx and timeouts', async () => {
    await fetch(`${sandbox.url}/_sandbox/apaczka/faults`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'error_5xx', route: 'order_send' }),
    })
    expect((await call('order_send/', order)).http).toBe(502)
    await fetch(`${sandbox.url}/_sandbox/apaczka/faults`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'timeout', route: 'order', delayMs: 50 }),
    })
    await expect(call('order/1/', undefined)).rejects.toThrow()
    expect((await call('order_send/', order)).body.status).toBe(200)
  })

  it('lists pickup points of a type', async () => {
    const r = await call('points/DPD/', undefined)
    expect(Object.keys(r.body.response.points as object)).toEqual(['DPD_WAW01', 'DPD_KRA01'])
  })
})

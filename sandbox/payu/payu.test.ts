import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { signNotification } from './index.ts'
import {
  orderBody,
  type PayuApi,
  pageFields,
  pos,
  type Receiver,
  startPayuSandbox,
  startReceiver,
  verifySignature,
  waitFor,
} from './test-helpers.ts'

let payu: PayuApi
let receiver: Receiver

beforeAll(async () => {
  receiver = await startReceiver()
  payu = await startPayuSandbox()
})

afterAll(async () => {
  await payu?.close()
  await receiver?.close()
})

beforeEach(async () => {
  // let the previous test's notifications land first, so none arrives after the receiver is cleared
  await waitFor(async () => {
    const { data } = (await payu.control('notifications')).body as {
      data: { delivered: boolean; held: boolean }[]
    }
    return data.every((n) => n.delivered || n.held)
  })
  await payu.control('reset', {})
  payu.forgetToken()
  receiver.clear()
})

const create = (extra: Record<string, unknown> = {}) => payu.createOrder(extra, receiver.url)
const payBlik = (redirectUri: string, code: string) =>
  payu.submit('/payu/pay/blik', { ...pageFields(redirectUri), code })
const keys = () => receiver.received.map((r) => r.key)
const statusesOf = (orderId: string) =>
  receiver.received.filter((r) => r.json.order?.orderId === orderId).map((r) => r.json.order.status)

describe('OAuth', () => {
  it('issues a bearer token for form-encoded client credentials, valid about 12 h', async () => {
    const res = await payu.oauth()
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const body = await res.json()
    expect(body).toEqual({
      access_token: expect.stringMatching(/^[0-9a-f-]{36}$/),
      token_type: 'bearer',
      expires_in: 43199,
      grant_type: 'client_credentials',
    })
    // asking again while the token is valid returns the same token
    const again = await (await payu.oauth()).json()
    expect(again.access_token).toBe(body.access_token)
  })

  it('refuses bad credentials, a JSON body and other grant types', async () => {
    const wrong = await payu.oauth({ client_secret: 'nope' })
    expect(wrong.status).toBe(401)
    expect(await wrong.json()).toEqual({
      error: 'invalid_client',
      error_description: 'Bad client credentials',
    })
    const json = await fetch(`${payu.url}/pl/standard/user/oauth/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: pos.clientId,
        client_secret: pos.clientSecret,
      }),
    })
    expect(json.status).toBe(401)
    const grant = await payu.oauth({ grant_type: 'password' })
    expect(grant.status).toBe(400)
    expect((await grant.json()).error).toBe('unsupported_grant_type')
  })

  it('answers 401 without a token, with an unknown one and with an expired one', async () => {
    const o = await create()
    const none = await fetch(`${payu.url}/api/v2_1/orders/${o.orderId}`)
    expect(none.status).toBe(401)
    expect((await none.json()).status.statusCode).toBe('UNAUTHORIZED')
    const unknown = await payu.call('GET', `/orders/${o.orderId}`, undefined, {
      authorization: 'Bearer 3e5cac39-0000',
    })
    expect(unknown.status).toBe(401)

    const before = await payu.token()
    expect((await payu.control('tokens/expire', {})).body).toEqual({ expired: 1 })
    const expired = await payu.call('GET', `/orders/${o.orderId}`)
    expect(expired.status).toBe(401)
    expect(expired.json.status).toMatchObject({
      statusCode: 'UNAUTHORIZED',
      statusDesc: `Access token expired: ${before}`,
    })

    payu.forgetToken()
    const fresh = await payu.token()
    expect(fresh).not.toBe(before)
    expect((await payu.call('GET', `/orders/${o.orderId}`)).status).toBe(200)
  })

  it('lets a shortened lifetime run out on its own', async () => {
    await payu.control('config', { tokenLifetimeSeconds: 2 })
    const res = await (await payu.oauth()).json()
    expect(res.expires_in).toBe(2)
    const o = await create()
    const started = Date.now()
    let status = 200
    while (status === 200 && Date.now() - started < 4000) {
      status = (await payu.call('GET', `/orders/${o.orderId}`)).status
      if (status === 200) await new Promise((r) => setTimeout(r, 50))
    }
    expect(status).toBe(401)
    expect(Date.now() - started).toBeGreaterThanOrEqual(900)
  })
})

describe('Orders', () => {
  it('answers create with 302 and a JSON body, Location pointing at the pay page', async () => {
    const body = orderBody({}, receiver.url)
    const res = await payu.call('POST', '/orders', body)
    expect(res.status).toBe(302)
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8')
    expect(res.json).toEqual({
      status: { statusCode: 'SUCCESS' },
      redirectUri: expect.stringMatching(
        new RegExp(`^${payu.url}/payu/pay/\\?orderId=[A-Z0-9]{16}GUEST000P01&token=`),
      ),
      orderId: expect.stringMatching(/^[A-Z0-9]{16}GUEST000P01$/),
      extOrderId: body.extOrderId,
    })
    expect(res.headers.get('location')).toBe(res.json.redirectUri)

    const got = await payu.call('GET', `/orders/${res.json.orderId}`)
    expect(got.status).toBe(200)
    expect(got.json.status).toEqual({ statusCode: 'SUCCESS', statusDesc: 'Request processing successful' })
    expect(got.json.orders).toHaveLength(1)
    expect(got.json.orders[0]).toEqual({
      orderId: res.json.orderId,
      extOrderId: body.extOrderId,
      orderCreateDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0[12]:00$/),
      notifyUrl: receiver.url,
      customerIp: '127.0.0.1',
      merchantPosId: '300746',
      description: 'Hookline order 42',
      validityTime: '86400',
      currencyCode: 'PLN',
      totalAmount: '3300',
      buyer: body.buyer,
      products: body.products,
      status: 'NEW',
    })
    expect(got.json.properties).toBeUndefined()
    expect(receiver.received).toEqual([])
  })

  it('a client that follows redirects gets the HTML pay page instead of the JSON', async () => {
    const res = await fetch(`${payu.url}/api/v2_1/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await payu.token()}`, 'content-type': 'application/json' },
      body: JSON.stringify(orderBody()),
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
  })

  it('refuses a reused extOrderId with ERROR_ORDER_NOT_UNIQUE, even after the first order was cancelled', async () => {
    const first = await create({ extOrderId: 'HL-1001-1' })
    const again = await payu.call('POST', '/orders', orderBody({ extOrderId: 'HL-1001-1' }, receiver.url))
    expect(again.status).toBe(400)
    expect(again.json).toEqual({
      orderId: first.orderId,
      extOrderId: 'HL-1001-1',
      status: {
        statusCode: 'ERROR_ORDER_NOT_UNIQUE',
        severity: 'ERROR',
        code: '110',
        codeLiteral: 'ORDER_NOT_UNIQUE',
        statusDesc: 'Order with given extOrderId already exists',
      },
    })
    expect((await payu.call('DELETE', `/orders/${first.orderId}`)).status).toBe(200)
    expect(
      (await payu.call('POST', '/orders', orderBody({ extOrderId: 'HL-1001-1' }))).json.status.statusCode,
    ).toBe('ERROR_ORDER_NOT_UNIQUE')
    expect((await payu.call('POST', '/orders', orderBody({ extOrderId: 'HL-1001-2' }))).status).toBe(302)
  })

  it('validates like PayU: missing and invalid values, bad syntax, unknown orders', async () => {
    const { customerIp: _, ...noIp } = orderBody()
    const missing = await payu.call('POST', '/orders', noIp)
    expect(missing.status).toBe(400)
    expect(missing.json.status).toMatchObject({
      statusCode: 'ERROR_VALUE_MISSING',
      statusDesc: 'Missing required field: customerIp',
    })
    for (const ip of ['0.0.0.0', '256.1.1.1', 'localhost'])
      expect((await payu.call('POST', '/orders', orderBody({ customerIp: ip }))).json.status).toMatchObject({
        statusCode: 'ERROR_VALUE_INVALID',
        statusDesc: 'Invalid field value: customerIp',
      })
    for (const ip of ['::1', '::ffff:127.0.0.1', '2011:db8:85a3:101:101:8a2e:370:7334'])
      expect((await payu.call('POST', '/orders', orderBody({ customerIp: ip }))).status).toBe(302)
    const decimal = await payu.call('POST', '/orders', orderBody({ totalAmount: '33.00' }))
    expect(decimal.status).toBe(400)
    expect(decimal.json.status).toMatchObject({
      statusCode: 'ERROR_VALUE_INVALID',
      statusDesc: 'Invalid field value: totalAmount',
    })
    const noProducts = await payu.call('POST', '/orders', orderBody({ products: undefined }))
    expect(noProducts.json.status.statusCode).toBe('ERROR_VALUE_MISSING')
    const otherPos = await payu.call('POST', '/orders', orderBody({ merchantPosId: '145227' }))
    expect(otherPos.json.status.statusCode).toBe('ERROR_VALUE_INVALID')
    const broken = await payu.call('POST', '/orders', '{"customerIp":')
    expect(broken.status).toBe(400)
    expect(broken.json.status.statusCode).toBe('ERROR_SYNTAX')
    const form = await payu.call('POST', '/orders', 'a=b', {
      'content-type': 'application/x-www-form-urlencoded',
    })
    expect(form.json.status.statusCode).toBe('ERROR_SYNTAX')
    const unknown = await payu.call('GET', '/orders/NOPE000000251201GUEST000P01')
    expect(unknown.status).toBe(404)
    expect(unknown.json.status.statusCode).toBe('DATA_NOT_FOUND')
  })
})

describe('Paying on the hosted page', () => {
  it('BLIK 777123: PENDING then COMPLETED notifications, signed with MD5, then back to continueUrl', async () => {
    const o = await create()
    const res = await payBlik(o.redirectUri, '777 123')
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('http://shop.test/orders/42/return')
    await waitFor(() => receiver.received.length === 2)
    expect(statusesOf(o.orderId).sort()).toEqual(['COMPLETED', 'PENDING'])
    for (const r of receiver.received) {
      expect(r.headers['content-type']).toBe('application/json;charset=UTF-8')
      expect(r.headers['openpayu-signature']).toMatch(
        /^sender=checkout;signature=[0-9a-f]{32};algorithm=MD5;content=DOCUMENT$/,
      )
      expect(verifySignature(r.headers['openpayu-signature'] as string, r.body, pos.secondKey).ok).toBe(true)
      // a different key must not verify: the test's own check is real
      expect(verifySignature(r.headers['openpayu-signature'] as string, r.body, 'x'.repeat(32)).ok).toBe(
        false,
      )
    }
    const done = receiver.received.find((r) => r.json.order.status === 'COMPLETED')!
    expect(done.json.order).toMatchObject({
      orderId: o.orderId,
      extOrderId: o.extOrderId,
      totalAmount: '3300',
      payMethod: { type: 'PBL' },
    })
    expect(done.json.localReceiptDateTime).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(done.json.properties).toEqual([{ name: 'PAYMENT_ID', value: expect.stringMatching(/^\d{10}$/) }])
    const pending = receiver.received.find((r) => r.json.order.status === 'PENDING')!
    expect(pending.json.localReceiptDateTime).toBeUndefined()

    const got = await payu.call('GET', `/orders/${o.orderId}`)
    expect(got.json.orders[0].status).toBe('COMPLETED')
    expect(got.json.properties).toEqual(done.json.properties)
    const tx = await payu.call('GET', `/orders/${o.orderId}/transactions`)
    expect(tx.json.transactions).toEqual([
      { payMethod: { value: 'blik' }, paymentFlow: 'BLIK_PBL', blik: expect.any(Object) },
    ])
    // paying twice is refused
    expect((await payBlik(o.redirectUri, '777123')).status).toBe(409)
  })

  it('a declined BLIK code cancels the order and returns with error=501', async () => {
    const o = await create()
    const bad = await payBlik(o.redirectUri, '12')
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('A BLIK code has 6 digits.')
    expect((await payu.call('GET', `/orders/${o.orderId}`)).json.orders[0].status).toBe('NEW')

    const res = await payBlik(o.redirectUri, '111111')
    expect(res.headers.get('location')).toBe('http://shop.test/orders/42/return?error=501')
    await waitFor(() => receiver.received.length === 2)
    expect(statusesOf(o.orderId).sort()).toEqual(['CANCELED', 'PENDING'])
    expect((await payu.call('GET', `/orders/${o.orderId}`)).json.orders[0].status).toBe('CANCELED')
  })

  it('a bank transfer stays PENDING, then completes on the bank page', async () => {
    const o = await create()
    const fields = pageFields(o.redirectUri)
    const toBank = await payu.submit('/payu/pay/pbl', { ...fields, bank: 'm' })
    expect(toBank.status).toBe(303)
    const bankUrl = `${payu.url}${toBank.headers.get('location')}`
    expect(await (await fetch(bankUrl)).text()).toContain('Approve the transfer')
    const later = await payu.submit('/payu/pay/bank', { ...fields, action: 'later' })
    expect(later.headers.get('location')).toBe('http://shop.test/orders/42/return')
    await waitFor(() => receiver.received.length === 1)
    expect((await payu.call('GET', `/orders/${o.orderId}`)).json.orders[0].status).toBe('PENDING')
    const approve = await payu.submit('/payu/pay/bank', { ...fields, action: 'approve' })
    expect(approve.headers.get('location')).toBe('http://shop.test/orders/42/return')
    await waitFor(() => receiver.received.length === 2)
    expect(statusesOf(o.orderId)).toEqual(['PENDING', 'COMPLETED'])
    const tx = await payu.call('GET', `/orders/${o.orderId}/transactions`)
    expect(tx.json.transactions).toEqual([{ payMethod: { value: 'm' }, paymentFlow: 'PBL' }])
  })

  it('a pending transfer is rejected by the bank (control API) and ends CANCELED', async () => {
    const o = await create()
    await payu.control(`orders/${o.orderId}/pay`, { method: 'pbl', outcome: 'pending' })
    const res = await payu.control(`orders/${o.orderId}/status`, { status: 'CANCELED' })
    expect(res.body.order.status).toBe('CANCELED')
    await waitFor(() => receiver.received.length === 2)
    expect(statusesOf(o.orderId)).toEqual(['PENDING', 'CANCELED'])
    // COMPLETED and CANCELED are final
    const again = await payu.control(`orders/${o.orderId}/status`, { status: 'COMPLETED' })
    expect(again.status).toBe(400)
  })

  it('an abandoned page changes nothing until the order expires', async () => {
    const o = await create()
    const res = await fetch(`${payu.url}/payu/pay/abandon?${new URL(o.redirectUri).searchParams}`, {
      redirect: 'manual',
    })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('http://shop.test/orders/42/return')
    expect((await payu.call('GET', `/orders/${o.orderId}`)).json.orders[0].status).toBe('NEW')
    expect(receiver.received).toEqual([])
    await payu.control(`orders/${o.orderId}/expire`, {})
    await waitFor(() => receiver.received.length === 1)
    expect(statusesOf(o.orderId)).toEqual(['CANCELED'])
  })

  it('an unpaid order is cancelled when its validityTime runs out', async () => {
    const o = await create({ validityTime: '1' })
    await waitFor(() => receiver.received.length === 1, 3000)
    expect(statusesOf(o.orderId)).toEqual(['CANCELED'])
  })
})

describe('Capture and cancel (auto-receive off)', () => {
  beforeEach(async () => {
    await payu.control('config', { autoReceive: false })
  })

  it('a paid order waits for confirmation; PUT /status COMPLETED captures it', async () => {
    const o = await create()
    await payBlik(o.redirectUri, '777123')
    await waitFor(() => receiver.received.length === 2)
    expect(statusesOf(o.orderId).sort()).toEqual(['PENDING', 'WAITING_FOR_CONFIRMATION'])
    const early = await payu.call('POST', `/orders/${o.orderId}/refunds`, { refund: { description: 'x' } })
    expect(early.json.status).toMatchObject({
      statusCode: 'ERROR_VALUE_INVALID',
      code: '9101',
      codeLiteral: 'TRANS_NOT_ENDED',
    })
    const cap = await payu.call('PUT', `/orders/${o.orderId}/status`, {
      orderId: o.orderId,
      orderStatus: 'COMPLETED',
    })
    expect(cap.status).toBe(200)
    expect(cap.json).toEqual({ status: { statusCode: 'SUCCESS', statusDesc: 'Status was updated' } })
    await waitFor(() => receiver.received.length === 3)
    expect(statusesOf(o.orderId)[2]).toBe('COMPLETED')
    const twice = await payu.call('PUT', `/orders/${o.orderId}/status`, {
      orderId: o.orderId,
      orderStatus: 'COMPLETED',
    })
    expect(twice.status).toBe(400)
    expect((await payu.call('DELETE', `/orders/${o.orderId}`)).status).toBe(400)
  })

  it('DELETE cancels a waiting order', async () => {
    const o = await create()
    await payu.control(`orders/${o.orderId}/pay`, { method: 'blik', outcome: 'success' })
    const del = await payu.call('DELETE', `/orders/${o.orderId}`)
    expect(del.status).toBe(200)
    expect(del.json).toEqual({
      orderId: o.orderId,
      extOrderId: o.extOrderId,
      status: { statusCode: 'SUCCESS' },
    })
    await waitFor(() => receiver.received.length === 3)
    expect(statusesOf(o.orderId)).toEqual(['PENDING', 'WAITING_FOR_CONFIRMATION', 'CANCELED'])
  })
})

describe('Refunds', () => {
  async function paidOrder() {
    const o = await create()
    await payu.control(`orders/${o.orderId}/pay`, { method: 'blik', outcome: 'success' })
    await waitFor(() => receiver.received.length === 2)
    receiver.clear()
    return o
  }

  it('a refund is PENDING, then FINALIZED, with a refund notification each time', async () => {
    const o = await paidOrder()
    const body = { refund: { description: 'Zwrot 1 szt.', amount: '1250', extRefundId: 'HL-42-r1' } }
    const res = await payu.call('POST', `/orders/${o.orderId}/refunds`, body)
    expect(res.status).toBe(200)
    expect(res.json).toEqual({
      orderId: o.orderId,
      refund: {
        refundId: expect.stringMatching(/^\d{10}$/),
        extRefundId: 'HL-42-r1',
        amount: '1250',
        currencyCode: 'PLN',
        description: 'Zwrot 1 szt.',
        creationDateTime: expect.any(String),
        status: 'PENDING',
        statusDatetime: expect.any(String),
      },
      status: { statusCode: 'SUCCESS', statusDesc: 'Refund queued for processing' },
    })
    const id = res.json.refund.refundId
    // the same data again is the same refund
    expect((await payu.call('POST', `/orders/${o.orderId}/refunds`, body)).json.refund.refundId).toBe(id)
    const list = await payu.call('GET', `/orders/${o.orderId}/refunds`)
    expect(list.json.refunds.map((r: { refundId: string }) => r.refundId)).toEqual([id])

    await payu.control(`refunds/${id}/finalize`, {})
    await waitFor(() => receiver.received.length === 2)
    expect(keys()).toEqual([`refund:${id}:PENDING`, `refund:${id}:FINALIZED`])
    const finalized = receiver.received[1]!
    expect(finalized.json).toEqual({
      orderId: o.orderId,
      extOrderId: o.extOrderId,
      refund: {
        refundId: id,
        extRefundId: 'HL-42-r1',
        amount: '1250',
        currencyCode: 'PLN',
        status: 'FINALIZED',
        statusDateTime: expect.any(String),
        reason: 'refund',
        reasonDescription: 'Zwrot 1 szt.',
        refundDate: expect.any(String),
      },
    })
    expect(
      verifySignature(finalized.headers['openpayu-signature'] as string, finalized.body, pos.secondKey).ok,
    ).toBe(true)
    expect((await payu.call('GET', `/orders/${o.orderId}/refunds/${id}`)).json.status).toBe('FINALIZED')
  })

  it('refuses more than is left; a cancelled refund frees its amount; no amount refunds the rest', async () => {
    const o = await paidOrder()
    const first = await payu.call('POST', `/orders/${o.orderId}/refunds`, {
      refund: { description: 'a', amount: '3000' },
    })
    const tooMuch = await payu.call('POST', `/orders/${o.orderId}/refunds`, {
      refund: { description: 'b', amount: '301' },
    })
    expect(tooMuch.status).toBe(400)
    expect(tooMuch.json.status).toMatchObject({
      statusCode: 'ERROR_VALUE_INVALID',
      code: '9102',
      codeLiteral: 'NO_BALANCE',
    })
    await payu.control(`refunds/${first.json.refund.refundId}/cancel`, {})
    const rest = await payu.call('POST', `/orders/${o.orderId}/refunds`, { refund: { description: 'c' } })
    expect(rest.json.refund.amount).toBe('3300')
    const missing = await payu.call('POST', `/orders/${o.orderId}/refunds`, { refund: { amount: '1' } })
    expect(missing.json.status.statusCode).toBe('ERROR_VALUE_MISSING')
  })

  it('finalizes on its own after refundAutoFinalizeMs', async () => {
    const o = await paidOrder()
    await payu.control('config', { refundAutoFinalizeMs: 30 })
    const res = await payu.call('POST', `/orders/${o.orderId}/refunds`, { refund: { description: 'auto' } })
    await waitFor(() => receiver.received.length === 2)
    expect(keys()).toEqual([
      `refund:${res.json.refund.refundId}:PENDING`,
      `refund:${res.json.refund.refundId}:FINALIZED`,
    ])
  })
})

describe('Notifications', () => {
  it('signs like PayU: hash of the body followed by the second key', () => {
    const body =
      '{"order":{"orderId":"LDLW5N7MF4140324GUEST000P01","extOrderId":"hookline-1001","status":"COMPLETED"}}'
    const key = '13a980d4f851f3d9a1cfc792fb1f5e50'
    expect(signNotification(body, key, 'MD5')).toBe(
      'sender=checkout;signature=e6ec0431be0e98f21ec9e1962759f1db;algorithm=MD5;content=DOCUMENT',
    )
    expect(signNotification(body, key, 'SHA-256')).toBe(
      'sender=checkout;signature=5db564071aaffb1f56993cae0cca190e64dbccfd74be550e108141fbf808ac73;algorithm=SHA-256;content=DOCUMENT',
    )
  })

  it('signs with SHA-256 when the POS is set so', async () => {
    await payu.control('config', { signatureAlgorithm: 'SHA-256' })
    const o = await create()
    await payu.control(`orders/${o.orderId}/pay`, { method: 'blik', outcome: 'success' })
    await waitFor(() => receiver.received.length === 2)
    for (const r of receiver.received) {
      const v = verifySignature(r.headers['openpayu-signature'] as string, r.body, pos.secondKey)
      expect(v.parts.algorithm).toBe('SHA-256')
      expect(v.parts.signature).toMatch(/^[0-9a-f]{64}$/)
      expect(v.ok).toBe(true)
      expect(r.headers['x-openpayu-signature']).toBe(r.headers['openpayu-signature'])
    }
  })

  it('resends until the receiver answers 200, on PayU schedule (1, 2, 5 ... minutes, compressed)', async () => {
    // 20 ms stand for one minute: retries after 20, 40, 100 ms
    receiver.setResponder((r) => (r.nth <= 2 ? 500 : r.nth === 3 ? 204 : 200))
    const o = await create()
    await payu.control(`orders/${o.orderId}/status`, { status: 'PENDING' })
    const tries = await waitFor(() => {
      const list = receiver.received.filter((r) => r.key === `order:${o.orderId}:PENDING`)
      return list.length === 4 && list
    })
    const gaps = tries.slice(1).map((r, i) => r.at - tries[i]!.at)
    expect(gaps[0]).toBeGreaterThanOrEqual(18)
    expect(gaps[1]).toBeGreaterThanOrEqual(38)
    expect(gaps[2]).toBeGreaterThanOrEqual(95)
    // every attempt carries the same bytes
    expect(new Set(tries.map((r) => r.body)).size).toBe(1)
    const n = (await payu.control(`notifications?orderId=${o.orderId}`)).body.data[0]
    expect(n).toMatchObject({ delivered: true, attempts: 4, lastStatus: 200, nextRetryAt: null })
    const deliveries = (await payu.control(`deliveries?notification=${n.id}`)).body.data
    expect(deliveries.map((d: { httpStatus: number }) => d.httpStatus)).toEqual([500, 500, 204, 200])
  })

  it('duplicates a notification N times concurrently', async () => {
    const o = await create()
    await payu.control(`orders/${o.orderId}/status`, { status: 'PENDING' })
    await waitFor(() => receiver.received.length === 1)
    const n = (await payu.control(`notifications?orderId=${o.orderId}`)).body.data[0]
    const res = await payu.control(`notifications/${n.id}/redeliver`, { times: 5, concurrent: true })
    expect(res.body.statuses).toEqual([200, 200, 200, 200, 200])
    expect(receiver.received.map((r) => r.body)).toEqual(Array(6).fill(n.rawBody))
  })

  it('holds notifications, then delivers them in a chosen order or releases them in order', async () => {
    await payu.control('hold', { enabled: true })
    const o = await create()
    await payu.control(`orders/${o.orderId}/pay`, { method: 'pbl', outcome: 'success' })
    const held = (await payu.control(`notifications?orderId=${o.orderId}`)).body.data
    expect(held.map((n: { status: string; held: boolean }) => [n.status, n.held])).toEqual([
      ['PENDING', true],
      ['COMPLETED', true],
    ])
    expect(receiver.received).toEqual([])
    const reordered = await payu.control('deliver', { ids: [held[1].id, held[0].id] })
    expect(reordered.body.statuses).toEqual([200, 200])
    expect(statusesOf(o.orderId)).toEqual(['COMPLETED', 'PENDING'])

    receiver.clear()
    const second = await create()
    await payu.control(`orders/${second.orderId}/pay`, { method: 'blik', outcome: 'failure' })
    expect(receiver.received).toEqual([])
    const released = await payu.control('release', {})
    expect(released.body.hold).toBe(false)
    expect(statusesOf(second.orderId)).toEqual(['PENDING', 'CANCELED'])
  })

  it('a second payment for the same shop order is a second COMPLETED PayU order', async () => {
    const first = await create({ extOrderId: 'HL-77-1' })
    await payu.control(`orders/${first.orderId}/pay`, { method: 'blik', outcome: 'success' })
    const second = await payu.control(`orders/${first.orderId}/second-payment`, {})
    expect(second.status).toBe(200)
    expect(second.body.order).toMatchObject({
      extOrderId: 'HL-77-2',
      status: 'COMPLETED',
      totalAmount: '3300',
    })
    expect(second.body.secondPaymentOf).toBe(first.orderId)
    await waitFor(() => receiver.received.length === 4)
    const secondId = second.body.order.orderId
    expect(statusesOf(secondId).sort()).toEqual(['COMPLETED', 'PENDING'])
    const listed = await payu.control('orders?extOrderId=HL-77-')
    expect(listed.body.data.map((o: { order: { extOrderId: string } }) => o.order.extOrderId)).toEqual([
      'HL-77-1',
      'HL-77-2',
    ])
    // the second one is a real order on the API too
    expect((await payu.call('GET', `/orders/${secondId}`)).json.orders[0].status).toBe('COMPLETED')
    const cancelled = await payu.control(`orders/${first.orderId}/second-payment`, { status: 'CANCELED' })
    expect(cancelled.body.order).toMatchObject({ extOrderId: 'HL-77-3', status: 'CANCELED' })
    await waitFor(() => statusesOf(cancelled.body.order.orderId).length === 2)
    expect(statusesOf(cancelled.body.order.orderId).sort()).toEqual(['CANCELED', 'PENDING'])
  })
})

describe('Forged notifications', () => {
  it('sends unsigned, wrong-key, wrong-algorithm, altered and other-order copies that do not verify', async () => {
    const verified: Record<string, boolean> = {}
    receiver.setResponder((r) => {
      const ok = verifySignature(
        r.headers['openpayu-signature'] as string | undefined,
        r.body,
        pos.secondKey,
      ).ok
      verified[r.key] = ok
      return ok ? 200 : 401
    })
    const a = await create()
    const b = await create()
    await payu.control(`orders/${a.orderId}/status`, { status: 'PENDING' })
    await payu.control(`orders/${b.orderId}/status`, { status: 'PENDING' })
    await waitFor(() => receiver.received.length === 2)
    expect(Object.values(verified)).toEqual([true, true])
    const [na, nb] = (await payu.control('notifications')).body.data
    const forge = (forgery: string) =>
      payu.control(`notifications/${na.id}/forge`, { forgery, otherId: nb.id }).then((r) => r.body)
    const results: Record<string, unknown> = {}
    for (const f of [
      'unsigned',
      'wrong-key',
      'wrong-algorithm',
      'unknown-algorithm',
      'altered-body',
      'other-order',
    ])
      results[f] = (await forge(f)).httpStatus
    expect(results).toEqual({
      unsigned: 401,
      'wrong-key': 401,
      'wrong-algorithm': 401,
      'unknown-algorithm': 401,
      'altered-body': 401,
      'other-order': 401,
    })
    const forged = receiver.received.slice(2)
    expect(forged[0]!.headers['openpayu-signature']).toBeUndefined()
    expect(forged[2]!.headers['openpayu-signature']).toMatch(/algorithm=SHA-256/)
    expect(forged[3]!.headers['openpayu-signature']).toMatch(/algorithm=CRC32/)
    expect(forged[4]!.json.order.totalAmount).toBe('1')
    expect(forged[5]!.body).toBe(na.rawBody)
    // the real notification is untouched
    expect((await payu.control(`notifications/${na.id}`)).body).toMatchObject({
      delivered: true,
      attempts: 1,
    })
    expect((await payu.control(`notifications/${na.id}/forge`, { forgery: 'other-order' })).status).toBe(400)
  })
})

describe('Notifications to a slow or missing receiver', () => {
  it('a receiver that does not answer in time, or is down, gets the notification again', async () => {
    const slow = await startPayuSandbox({ deliveryTimeoutMs: 100 })
    const down = await startReceiver()
    const downUrl = down.url
    await down.close()
    try {
      receiver.setResponder((r) => (r.nth === 1 ? 'hang' : 200))
      const o = await slow.createOrder({}, receiver.url)
      await slow.control(`orders/${o.orderId}/status`, { status: 'PENDING' })
      await waitFor(() => receiver.received.filter((r) => r.json.order?.orderId === o.orderId).length === 2)
      const n = (await slow.control(`notifications?orderId=${o.orderId}`)).body.data[0]
      const deliveries = (await slow.control(`deliveries?notification=${n.id}`)).body.data
      expect(
        deliveries.map((d: { httpStatus: number | null; error: string | null }) => [d.httpStatus, d.error]),
      ).toEqual([
        [null, 'timed out after 100 ms'],
        [200, null],
      ])

      const lost = await slow.createOrder({}, downUrl)
      await slow.control(`orders/${lost.orderId}/status`, { status: 'PENDING' })
      const attempts = await waitFor(async () => {
        const list = (await slow.control(`notifications?orderId=${lost.orderId}`)).body.data
        return list[0]?.attempts >= 2 ? list[0] : null
      })
      expect(attempts).toMatchObject({
        delivered: false,
        lastStatus: null,
        lastError: expect.stringMatching(/ECONNREFUSED/),
      })
    } finally {
      await slow.close()
    }
  })
})

describe('Faults', () => {
  it('a slow answer still carries the request out', async () => {
    await payu.control('faults', { mode: 'timeout', delayMs: 60, path: '/api/v2_1/orders', method: 'POST' })
    const started = Date.now()
    const res = await payu.call('POST', '/orders', orderBody({ extOrderId: 'HL-slow-1' }))
    expect(res.status).toBe(302)
    expect(Date.now() - started).toBeGreaterThanOrEqual(55)
    expect(
      (await payu.call('POST', '/orders', orderBody({ extOrderId: 'HL-slow-1' }))).json.status.statusCode,
    ).toBe('ERROR_ORDER_NOT_UNIQUE')
  })

  it('N failures then success, with PayU-shaped error bodies', async () => {
    await payu.control('faults', {
      mode: 'error',
      status: 503,
      count: 2,
      path: '/api/v2_1/orders',
      method: 'POST',
    })
    const a = await payu.call('POST', '/orders', orderBody())
    expect(a.status).toBe(503)
    expect(a.json.status.statusCode).toBe('SERVICE_NOT_AVAILABLE')
    expect((await payu.call('POST', '/orders', orderBody())).status).toBe(503)
    expect((await payu.call('POST', '/orders', orderBody())).status).toBe(302)
  })

  it('a timeout that drops the connection, and one on the token endpoint', async () => {
    await payu.control('faults', {
      mode: 'timeout',
      delayMs: 20,
      after: 'close',
      path: '/pl/standard/user/oauth',
    })
    await expect(payu.oauth()).rejects.toThrow()
    expect((await payu.oauth()).status).toBe(200)
    const faults = await payu.control('faults')
    expect(faults.body.faults).toEqual([])
  })
})

import { env } from '@/lib/env'
import { verifyPayuSignature } from '@/lib/integrations/payu'
import type { InboundAdapter, TVerifyResult } from '../types'

type TPayuNotification = {
  order?: {
    orderId?: unknown
    extOrderId?: unknown
    status?: unknown
    totalAmount?: unknown
    currencyCode?: unknown
  }
  orderId?: unknown
  extOrderId?: unknown
  refund?: { refundId?: unknown; status?: unknown; amount?: unknown; currencyCode?: unknown }
}

const str = (v: unknown, max = 100) => (typeof v === 'string' ? v.slice(0, max) : undefined)

/**
 * PayU notifications: `OpenPayu-Signature` = hash(rawBody + second key) with the algorithm the header names. PayU
 * signs no timestamp and resends the same bytes until it gets a 200, so the event id is the state the body
 * announces (`<orderId>:<status>`, `refund:<refundId>:<status>`): a resend is a duplicate, a new state a new
 * event. Handlers re-fetch the order; the body only says which one. Buyer data is never stored.
 */
export const payuAdapter: InboundAdapter = {
  provider: 'payu',
  maxBodyBytes: 64 * 1024,
  verify(raw, headers): TVerifyResult {
    const secondKey = env.PAYU_SECOND_KEY
    if (!secondKey) return { ok: false, reason: 'PayU is not configured' }
    const header = headers.get('openpayu-signature') ?? headers.get('x-openpayu-signature')
    const verified = verifyPayuSignature(raw, header, secondKey)
    if (!verified.ok) return verified
    let body: TPayuNotification
    try {
      body = JSON.parse(raw.toString('utf8')) as TPayuNotification
    } catch {
      return { ok: false, reason: 'signed body is not JSON' }
    }
    if (body.refund) {
      const refundId = str(body.refund.refundId)
      const status = str(body.refund.status, 30)
      const orderId = str(body.orderId)
      if (!refundId || !status || !orderId) return { ok: false, reason: 'refund notification without ids' }
      return {
        ok: true,
        event: {
          eventId: `refund:${refundId}:${status}`,
          type: `refund.${status}`,
          payload: {
            orderId,
            extOrderId: str(body.extOrderId),
            refund: {
              refundId,
              status,
              amount: str(body.refund.amount, 20),
              currencyCode: str(body.refund.currencyCode, 3),
            },
          },
        },
      }
    }
    const orderId = str(body.order?.orderId)
    const status = str(body.order?.status, 30)
    if (!orderId || !status) return { ok: false, reason: 'order notification without orderId or status' }
    return {
      ok: true,
      event: {
        eventId: `${orderId}:${status}`,
        type: `order.${status}`,
        payload: {
          orderId,
          extOrderId: str(body.order?.extOrderId),
          status,
          totalAmount: str(body.order?.totalAmount, 20),
          currencyCode: str(body.order?.currencyCode, 3),
        },
      },
    }
  },
}

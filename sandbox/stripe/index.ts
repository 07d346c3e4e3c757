// Stripe emulator of the provider sandbox: the /v1 API, the hosted Checkout page, signed webhooks with
// retries, and a control API for fault injection. See README.md in this folder.
import type { ServerResponse } from 'node:http'
import { type Fault, Faults } from '../lib/faults.ts'
import { type Emulator, type SandboxRequest, sendJson } from '../lib/http.ts'
import { handleApi } from './api.ts'
import { handleControl } from './control.ts'
import { StripeCore } from './core.ts'
import { IdempotencyStore } from './idempotency.ts'
import type { StoredEvent } from './model.ts'
import { handleCheckoutPage } from './page.ts'
import { newId, Scheduler } from './util.ts'
import { WebhookDispatcher } from './webhooks.ts'

export { signPayload } from './webhooks.ts'

export type StripeEmulatorOptions = {
  /** Base URL browsers use to reach the sandbox; Checkout Session urls point there. */
  publicUrl: string
  webhookUrl?: string
  /** Signing secret (the whole `whsec_...` string is the HMAC key). Default `whsec_sandbox`. */
  webhookSecret?: string
  /** First retry delay; attempt n waits retryBaseMs * 2^(n-1), +-10% jitter. Default 1000. */
  retryBaseMs?: number
  /** Delay before a "pay later" bank payment succeeds or fails. Default 3000. */
  asyncPaymentDelayMs?: number
  /** Automatic delivery attempts per event before giving up. Default 6. */
  maxDeliveryAttempts?: number
  /** A webhook endpoint that has not answered after this long counts as failed. Default 10000. */
  deliveryTimeoutMs?: number
  /** Refunds are created `pending` and succeed after this delay. Default 500. */
  refundDelayMs?: number
  /** Shortest allowed `expires_at` from now. Stripe's (and the default) is 1800; lower it for tests. */
  minSessionExpirySeconds?: number
  /** `api_version` stamped on events. Default '2026-10-28.endive' (stripe-node 23). */
  apiVersion?: string
  /** Shown on the hosted page. Default 'Hookline'. */
  merchantName?: string
}

export function createStripeEmulator(opts: StripeEmulatorOptions): Emulator {
  const apiVersion = opts.apiVersion ?? '2026-10-28.endive'
  const asyncPaymentDelayMs = opts.asyncPaymentDelayMs ?? 3000
  const initialEndpoint = { url: opts.webhookUrl || null, secret: opts.webhookSecret || 'whsec_sandbox' }
  const scheduler = new Scheduler()
  const faults = new Faults('/v1')
  const idempotency = new IdempotencyStore()
  const webhooks = new WebhookDispatcher(
    {
      retryBaseMs: opts.retryBaseMs ?? 1000,
      maxDeliveryAttempts: opts.maxDeliveryAttempts ?? 6,
      deliveryTimeoutMs: opts.deliveryTimeoutMs ?? 10_000,
      apiVersion,
    },
    scheduler,
    initialEndpoint,
  )
  const core = new StripeCore(
    {
      publicUrl: opts.publicUrl.replace(/\/$/, ''),
      asyncPaymentDelayMs,
      refundDelayMs: opts.refundDelayMs ?? 500,
    },
    scheduler,
    (e) => webhooks.dispatch(e),
  )
  const pendingWebhooks = (e: StoredEvent) => (webhooks.endpoint.url && !e.delivered ? 1 : 0)
  const getCore = () => core

  const reset = () => {
    scheduler.reset()
    core.reset()
    webhooks.reset(initialEndpoint)
    faults.clear()
    idempotency.reset()
  }

  /** Returns true when the fault answered the request itself. */
  async function applyFault(fault: Fault, r: SandboxRequest, res: ServerResponse): Promise<boolean> {
    if (fault.mode === 'error') {
      const s = fault.status
      const type = s === 402 ? 'card_error' : s >= 500 ? 'api_error' : 'invalid_request_error'
      sendJson(
        res,
        s,
        {
          error: {
            ...(s === 429 ? { code: 'rate_limit' } : {}),
            message: `Injected fault (sandbox): ${r.method} ${r.url.pathname} answered ${s}.`,
            type,
          },
        },
        { 'request-id': newId('req_', 14) },
      )
      return true
    }
    await scheduler.sleep(fault.delayMs)
    if (fault.after === 'close') {
      r.req.socket.destroy()
      return true
    }
    // Answer late: like Stripe, the request is carried out even when the client has given up waiting.
    return false
  }

  return {
    name: 'stripe',
    async handle(r, res) {
      const path = r.url.pathname
      if (path === '/_sandbox/stripe' || path.startsWith('/_sandbox/stripe/')) {
        await handleControl(r, res, { core: getCore, webhooks, faults, apiVersion, pendingWebhooks, reset })
        return true
      }
      const isApi = path === '/v1' || path.startsWith('/v1/')
      const isPage = path.startsWith('/checkout/')
      if (!isApi && !isPage) return false
      const fault = faults.take(r.method.toUpperCase(), path)
      if (fault && (await applyFault(fault, r, res))) return true
      if (isApi) {
        await handleApi(r, res, {
          core: getCore,
          idempotency,
          apiVersion,
          minSessionExpirySeconds: opts.minSessionExpirySeconds ?? 1800,
          pendingWebhooks,
        })
        return true
      }
      return handleCheckoutPage(r, res, {
        core: getCore,
        merchantName: opts.merchantName ?? 'Hookline',
        asyncPaymentDelayMs,
      })
    },
    async close() {
      scheduler.close()
      webhooks.close()
    },
  }
}

// One sandbox with the Stripe and the PayU emulators, both delivering their signed webhooks to the app's real route
// handler, and both clients pointed at it through env (set before any lib/ module is imported: import lib/
// dynamically after start). Drivers give the provider-parameterized tests one vocabulary for both.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createPayuEmulator } from '@/sandbox/payu/index'
import { startSandbox } from '@/sandbox/server'
import { createStripeEmulator } from '@/sandbox/stripe/index'

export const PAYU_TEST_POS = {
  posId: '300746',
  clientId: '300746',
  clientSecret: '2ee86a66e5d97e3fadc400c9f19b065d',
  secondKey: 'b6ca15b0d1020e8094d9b5f8d163db54',
}

export async function startPaymentsTestbed(opts: { payuAutoReceive?: boolean } = {}) {
  process.env.STRIPE_WEBHOOK_SECRET = 'whsec_test_secret'
  process.env.STRIPE_TIMEOUT_MS ??= '2000'
  process.env.STRIPE_MAX_NETWORK_RETRIES ??= '1'
  process.env.PAYU_POS_ID = PAYU_TEST_POS.posId
  process.env.PAYU_CLIENT_ID = PAYU_TEST_POS.clientId
  process.env.PAYU_CLIENT_SECRET = PAYU_TEST_POS.clientSecret
  process.env.PAYU_SECOND_KEY = PAYU_TEST_POS.secondKey
  process.env.PAYU_TIMEOUT_MS = '2000'
  const answers: { provider: string; status: number }[] = []
  const receiver = http.createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const provider = req.url?.split('/').pop() ?? ''
    const headers = new Headers()
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v)
    try {
      const { POST } = await import('@/app/api/webhooks/[provider]/route')
      const response = await POST(
        new Request(`http://127.0.0.1/api/webhooks/${provider}`, {
          method: 'POST',
          headers,
          body: Buffer.concat(chunks),
        }),
        { params: Promise.resolve({ provider }) },
      )
      answers.push({ provider, status: response.status })
      res.writeHead(response.status, { 'content-type': 'application/json' })
      res.end(await response.text())
    } catch {
      // e.g. a notification still arriving while the file tears its database down; the sandbox retries
      answers.push({ provider, status: 500 })
      res.writeHead(500).end()
    }
  })
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
  const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhooks`
  process.env.PAYU_NOTIFY_URL = `${base}/payu`
  const sandbox = await startSandbox({
    emulators: ({ publicUrl }) => [
      createStripeEmulator({
        publicUrl,
        webhookUrl: `${base}/stripe`,
        webhookSecret: process.env.STRIPE_WEBHOOK_SECRET,
        retryBaseMs: 50,
        asyncPaymentDelayMs: 200,
        refundDelayMs: 50,
      }),
      createPayuEmulator({
        publicUrl,
        ...PAYU_TEST_POS,
        autoReceive: opts.payuAutoReceive ?? true,
        retryMinuteMs: 50,
        refundAutoFinalizeMs: 100,
      }),
    ],
  })
  process.env.STRIPE_API_BASE = sandbox.url
  process.env.PAYU_API_BASE = sandbox.url

  async function control<T = unknown>(
    provider: 'stripe' | 'payu',
    path: string,
    body?: unknown,
    method = body === undefined ? 'GET' : 'POST',
  ): Promise<T> {
    const res = await fetch(`${sandbox.url}/_sandbox/${provider}/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (!res.ok) throw new Error(`sandbox ${method} ${provider}/${path}: ${res.status} ${await res.text()}`)
    return (await res.json()) as T
  }

  return {
    url: sandbox.url,
    answers,
    control,
    async close() {
      await sandbox.close()
      receiver.closeAllConnections()
      await new Promise<void>((r) => receiver.close(() => r()))
    },
  }
}

export type PaymentsTestbed = Awaited<ReturnType<typeof startPaymentsTestbed>>

type Note = { id: string; kind: string; status: string; delivered: boolean }

/** What a provider-parameterized test needs from a sandbox, in one vocabulary. */
export type ProviderDriver = {
  provider: 'stripe' | 'payu'
  method: 'card' | 'blik'
  /** the customer pays successfully on the hosted page */
  pay(checkoutId: string): Promise<void>
  hold(enabled: boolean): Promise<void>
  /** ids of the notifications about this checkout, oldest first */
  notificationIds(checkoutId: string): Promise<string[]>
  deliverInOrder(ids: string[]): Promise<number[]>
  redeliver(id: string, times: number): Promise<number[]>
}

export function drivers(tb: PaymentsTestbed): ProviderDriver[] {
  return [
    {
      provider: 'stripe',
      method: 'card',
      pay: async (id) => {
        await tb.control('stripe', `sessions/${id}/pay`, { outcome: 'card_success' })
      },
      hold: async (enabled) => {
        await tb.control('stripe', 'hold', { enabled })
      },
      notificationIds: async (id) => {
        const { data } = await tb.control<{ data: { id: string; objectId: string; created: number }[] }>(
          'stripe',
          'events',
        )
        return data
          .filter((e) => e.objectId === id)
          .map((e) => e.id)
          .reverse()
      },
      deliverInOrder: async (ids) =>
        (await tb.control<{ statuses: number[] }>('stripe', 'deliver', { ids })).statuses,
      redeliver: async (id, times) =>
        (
          await tb.control<{ statuses: number[] }>('stripe', `events/${id}/redeliver`, {
            times,
            concurrent: true,
          })
        ).statuses,
    },
    {
      provider: 'payu',
      method: 'blik',
      pay: async (id) => {
        await tb.control('payu', `orders/${id}/pay`, { method: 'blik', outcome: 'success' })
      },
      hold: async (enabled) => {
        await tb.control('payu', 'hold', { enabled })
      },
      notificationIds: async (id) =>
        (
          await tb.control<{ data?: Note[]; notifications?: Note[] }>('payu', `notifications?orderId=${id}`)
        ).data?.map((n) => n.id) ?? [],
      deliverInOrder: async (ids) =>
        (
          await tb.control<{ statuses?: number[]; deliveries?: { httpStatus: number }[] }>(
            'payu',
            'deliver',
            { ids },
          )
        ).statuses ?? [],
      redeliver: async (id, times) =>
        (
          await tb.control<{ statuses?: number[] }>('payu', `notifications/${id}/redeliver`, {
            times,
            concurrent: true,
          })
        ).statuses ?? [],
    },
  ]
}

// A Stripe sandbox per test file, delivering its signed webhooks to the app's real route handler, and the official
// SDK pointed at it through env (set before any lib/ module is imported: import lib/ dynamically after start).
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { startSandbox } from '@/sandbox/server'
import { createStripeEmulator } from '@/sandbox/stripe/index'

export async function startStripeTestbed(opts: { retryBaseMs?: number; asyncPaymentDelayMs?: number } = {}) {
  process.env.STRIPE_WEBHOOK_SECRET = 'whsec_test_secret'
  process.env.STRIPE_TIMEOUT_MS ??= '2000'
  process.env.STRIPE_MAX_NETWORK_RETRIES ??= '1'
  const receiver = http.createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const { POST } = await import('@/app/api/webhooks/[provider]/route')
    const headers = new Headers()
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v)
    const response = await POST(
      new Request('http://127.0.0.1/api/webhooks/stripe', {
        method: 'POST',
        headers,
        body: Buffer.concat(chunks),
      }),
      { params: Promise.resolve({ provider: 'stripe' }) },
    )
    res.writeHead(response.status, { 'content-type': 'application/json' })
    res.end(await response.text())
  })
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
  const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhooks/stripe`
  const sandbox = await startSandbox({
    emulators: ({ publicUrl }) => [
      createStripeEmulator({
        publicUrl,
        webhookUrl,
        webhookSecret: process.env.STRIPE_WEBHOOK_SECRET,
        retryBaseMs: opts.retryBaseMs ?? 50,
        asyncPaymentDelayMs: opts.asyncPaymentDelayMs ?? 200,
        refundDelayMs: 50,
      }),
    ],
  })
  process.env.STRIPE_API_BASE = sandbox.url

  async function control<T = unknown>(
    path: string,
    body?: unknown,
    method = body === undefined ? 'GET' : 'POST',
  ): Promise<T> {
    const res = await fetch(`${sandbox.url}/_sandbox/stripe/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${await res.text()}`)
    return (await res.json()) as T
  }

  return {
    url: sandbox.url,
    webhookUrl,
    control,
    async close() {
      await sandbox.close()
      receiver.closeAllConnections()
      await new Promise<void>((r) => receiver.close(() => r()))
    },
  }
}

export type StripeTestbed = Awaited<ReturnType<typeof startStripeTestbed>>

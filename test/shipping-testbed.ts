// InPost + Apaczka emulators per test file; InPost's webhooks reach the app's real route handler with the
// socket's address as X-Forwarded-For (what `next start` does). Env is set before any lib/ module is imported.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApaczkaEmulator } from '@/sandbox/apaczka/index'
import { createInpostEmulator } from '@/sandbox/inpost/index'
import { startSandbox } from '@/sandbox/server'

export async function startShippingTestbed() {
  const receiver = http.createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const { POST } = await import('@/app/api/webhooks/inpost/route')
    const headers = new Headers({
      'content-type': 'application/json',
      'x-forwarded-for': req.socket.remoteAddress ?? '',
    })
    const response = await POST(
      new Request('http://127.0.0.1/api/webhooks/inpost', {
        method: 'POST',
        headers,
        body: Buffer.concat(chunks),
      }),
    )
    res.writeHead(response.status, { 'content-type': 'application/json' })
    res.end(await response.text())
  })
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
  const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhooks/inpost`
  const sandbox = await startSandbox({
    emulators: () => [
      createInpostEmulator({
        quiet: true,
        webhookUrl,
        organizationId: 7,
        token: 'inpost-test-token',
        stepDelayMs: 30,
        retryBaseMs: 30,
        maxAttempts: 4,
      }),
      createApaczkaEmulator({ quiet: true, appId: 'test_app', appSecret: 'test_secret' }),
    ],
  })
  Object.assign(process.env, {
    INPOST_API_URL: `${sandbox.url}/inpost`,
    INPOST_API_TOKEN: 'inpost-test-token',
    INPOST_ORGANIZATION_ID: '7',
    INPOST_WEBHOOK_SOURCES: '127.0.0.1/32',
    INPOST_TIMEOUT_MS: '3000',
    APACZKA_API_URL: `${sandbox.url}/apaczka/api/v2/`,
    APACZKA_APP_ID: 'test_app',
    APACZKA_APP_SECRET: 'test_secret',
    APACZKA_TIMEOUT_MS: '3000',
  })
  const control = async <T = Record<string, unknown>>(
    provider: 'inpost' | 'apaczka',
    path: string,
    body?: unknown,
    method = body === undefined ? 'GET' : 'POST',
  ) => {
    const r = await fetch(`${sandbox.url}/_sandbox/${provider}/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (!r.ok) throw new Error(`sandbox ${method} ${path}: ${r.status} ${await r.text()}`)
    return (await r.json()) as T
  }
  return {
    url: sandbox.url,
    webhookUrl,
    control,
    async reset() {
      await control('inpost', 'reset', {})
      await control('inpost', 'webhook-endpoint', { url: webhookUrl }, 'PUT')
      await control('apaczka', 'reset', {})
    },
    async close() {
      await sandbox.close()
      receiver.closeAllConnections()
      await new Promise<void>((r) => receiver.close(() => r()))
    },
  }
}

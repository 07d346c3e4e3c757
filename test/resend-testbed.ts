// A Resend sandbox per test file, delivering its svix-signed webhooks to the app's real route handler, and the
// official SDK pointed at it through env (set before any lib/ module is imported: import lib/ dynamically after start).
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createResendEmulator } from '@/sandbox/resend/index'
import { startSandbox } from '@/sandbox/server'

export const RESEND_TEST_SECRET = 'whsec_dGVzdC1yZXNlbmQtc2VjcmV0LWtleS0wMTIzNDU2Nzg5'

export type SandboxMessage = {
  id: string
  to: string[]
  subject: string
  html: string | null
  text: string | null
  last_event: string
  idempotency_key: string | null
  attachments: { index: number; filename: string; content_type: string; size: number; url: string }[]
  links: string[]
  tags: { name: string; value: string }[]
}

export async function startResendTestbed(opts: { deliveredDelayMs?: number } = {}) {
  process.env.RESEND_WEBHOOK_SECRET = RESEND_TEST_SECRET
  const answers: number[] = []
  const receiver = http.createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const { POST } = await import('@/app/api/webhooks/[provider]/route')
    const headers = new Headers()
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v)
    try {
      const response = await POST(
        new Request('http://127.0.0.1/api/webhooks/resend', {
          method: 'POST',
          headers,
          body: Buffer.concat(chunks),
        }),
        { params: Promise.resolve({ provider: 'resend' }) },
      )
      answers.push(response.status)
      res.writeHead(response.status, { 'content-type': 'application/json' })
      res.end(await response.text())
    } catch {
      // e.g. an event still arriving while the test file tears its database down; the sandbox retries
      answers.push(500)
      res.writeHead(500).end()
    }
  })
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
  const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhooks/resend`
  const sandbox = await startSandbox({
    emulators: ({ publicUrl }) => [
      createResendEmulator({
        publicUrl,
        webhookUrl,
        webhookSecret: RESEND_TEST_SECRET,
        retryBaseMs: 20,
        sentDelayMs: 10,
        deliveredDelayMs: opts.deliveredDelayMs ?? 40,
        quiet: true,
      }),
    ],
  })
  process.env.RESEND_BASE_URL = `${sandbox.url}/resend`

  async function control<T = unknown>(
    path: string,
    body?: unknown,
    method = body === undefined ? 'GET' : 'POST',
  ) {
    const res = await fetch(`${sandbox.url}/_sandbox/resend/${path}`, {
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
    /** HTTP statuses the route answered, in order */
    answers,
    control,
    messages: async (to?: string) =>
      (await control<{ data: SandboxMessage[] }>(`messages${to ? `?to=${encodeURIComponent(to)}` : ''}`))
        .data,
    reset: () => control('reset', {}),
    async close() {
      await sandbox.close()
      receiver.closeAllConnections()
      await new Promise<void>((r) => receiver.close(() => r()))
    },
  }
}

export type ResendTestbed = Awaited<ReturnType<typeof startResendTestbed>>

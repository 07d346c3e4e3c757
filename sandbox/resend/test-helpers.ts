// Shared by the Resend emulator tests: a sandbox with only this emulator, and a tiny webhook receiver.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Resend } from 'resend'
import { readBody } from '../lib/http.ts'
import { type RunningSandbox, startSandbox } from '../server.ts'
import { createResendEmulator, type ResendEmulatorOptions } from './index.ts'

export type TestSandbox = {
  sandbox: RunningSandbox
  url: string
  resend: Resend
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>
  close(): Promise<void>
}

export async function startResendSandbox(opts: Partial<ResendEmulatorOptions> = {}): Promise<TestSandbox> {
  const sandbox = await startSandbox({
    port: 0,
    emulators: ({ publicUrl }) => [
      createResendEmulator({
        publicUrl,
        quiet: true,
        retryBaseMs: 20,
        sentDelayMs: 5,
        deliveredDelayMs: 20,
        ...opts,
      }),
    ],
  })
  const url = sandbox.url
  return {
    sandbox,
    url,
    resend: new Resend('re_test_sandbox', { baseUrl: `${url}/resend` }),
    async control<T>(method: string, path: string, body?: unknown) {
      const res = await fetch(`${url}/_sandbox/resend/${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      return { status: res.status, body: (await res.json()) as T }
    },
    close: () => sandbox.close(),
  }
}

export type Received = { headers: http.IncomingHttpHeaders; body: string; at: number }

/** An HTTP server that records every request; `respond` decides the status (or hangs with 'hang'). */
export async function startReceiver(respond: (n: number, r: Received) => number | 'hang' = () => 200) {
  const received: Received[] = []
  const sockets = new Set<import('node:net').Socket>()
  const server = http.createServer(async (req, res) => {
    const r = { headers: req.headers, body: (await readBody(req)).toString('utf8'), at: Date.now() }
    received.push(r)
    const status = respond(received.length, r)
    if (status === 'hang') return
    res.writeHead(status, { 'content-type': 'text/plain' })
    res.end(String(status))
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/webhooks/resend`,
    received,
    async close() {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** Polls until `check` returns a truthy value (or throws after `timeoutMs`). */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  timeoutMs = 3000,
  label = 'condition',
): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const v = await check()
    if (v) return v as NonNullable<T>
    if (Date.now() > until) throw new Error(`timed out waiting for ${label}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

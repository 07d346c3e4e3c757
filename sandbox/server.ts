// The provider sandbox: one process that speaks each provider's HTTP API closely enough for the official SDKs.
//   tsx sandbox/server.ts            (npm start runs it; tests call startSandbox())
// Each provider lives in its own folder (sandbox/stripe, sandbox/resend) and exports a factory returning an Emulator.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { type Emulator, readBody, sendJson } from './lib/http.ts'

export type SandboxOptions = {
  port?: number
  host?: string
  /** Base URL the browser uses to reach the sandbox (hosted pages, inbox). Defaults to http://127.0.0.1:<port>. */
  publicUrl?: string
  emulators: (ctx: { publicUrl: string }) => Emulator[] | Promise<Emulator[]>
}

export type RunningSandbox = { url: string; port: number; emulators: Emulator[]; close(): Promise<void> }

export async function startSandbox(opts: SandboxOptions): Promise<RunningSandbox> {
  const host = opts.host ?? '127.0.0.1'
  let emulators: Emulator[] = []
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? host}`)
      const rawBody = await readBody(req)
      const r = { method: req.method ?? 'GET', url, headers: req.headers, rawBody, req }
      if (url.pathname === '/_sandbox/health') {
        return sendJson(res, 200, { ok: true, emulators: emulators.map((e) => e.name) })
      }
      for (const e of emulators) if (await e.handle(r, res)) return
      sendJson(res, 404, {
        error: { type: 'invalid_request_error', message: `No such route: ${req.method} ${url.pathname}` },
      })
    } catch (err) {
      console.error('[sandbox] handler crashed', err)
      if (!res.headersSent)
        sendJson(res, 500, { error: { type: 'api_error', message: 'sandbox internal error' } })
      else res.end()
    }
  })
  server.keepAliveTimeout = 5_000
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, host, resolve))
  const port = (server.address() as AddressInfo).port
  const publicUrl = opts.publicUrl ?? `http://127.0.0.1:${port}`
  emulators = await opts.emulators({ publicUrl })
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    emulators,
    async close() {
      await Promise.all(emulators.map((e) => e.close()))
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

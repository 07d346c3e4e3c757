// Tiny HTTP helpers for the provider sandbox. The sandbox shares no code with app/ or lib/ on purpose:
// an emulator that reuses the app's code would repeat the app's mistakes.
import type { IncomingMessage, ServerResponse } from 'node:http'

export type SandboxRequest = {
  method: string
  url: URL
  headers: IncomingMessage['headers']
  rawBody: Buffer
  req: IncomingMessage
}

/** A provider emulator mounted into the sandbox server. `handle` returns false when the request is not its own. */
export type Emulator = {
  name: string
  handle(r: SandboxRequest, res: ServerResponse): Promise<boolean>
  /** Stop timers (webhook retries, scheduled events) so the process can exit. */
  close(): Promise<void>
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body, null, 2)
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(text)
}

export function sendHtml(res: ServerResponse, status: number, html: string) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' })
  res.end(html)
}

export function redirect(res: ServerResponse, location: string) {
  res.writeHead(303, { location })
  res.end()
}

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

import type { Db } from '@/lib/db'
import { adapters } from './adapters'
import { recordRefusal } from './refuse'
import { recordInboundEvent } from './store'

export type TWebhookAnswer = { status: number; body: unknown }

/** Reads at most `max` bytes of a request body; null when it is larger (the rest is never read). */
export async function readBodyCapped(req: Request, max: number): Promise<Buffer | null> {
  const declared = Number(req.headers.get('content-length') ?? '')
  if (Number.isFinite(declared) && declared > max) return null
  if (!req.body) return Buffer.alloc(0)
  const reader = req.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      await reader.cancel().catch(() => {})
      return null
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks)
}

/**
 * The one intake: size cap -> verify (the provider's adapter, over the raw bytes) -> store + enqueue (one
 * statement) -> 2xx. Refused deliveries get 4xx with the reason and are counted for staff; a duplicate is
 * acknowledged with 200 and changes nothing.
 */
export async function receiveWebhook(db: Db, provider: string, req: Request): Promise<TWebhookAnswer> {
  const adapter = Object.hasOwn(adapters, provider) ? adapters[provider] : undefined
  if (!adapter) return { status: 404, body: { received: false, error: `unknown provider ${provider}` } }
  const raw = await readBodyCapped(req, adapter.maxBodyBytes)
  if (!raw) {
    const bodyBytes = Number(req.headers.get('content-length') ?? '') || undefined
    await recordRefusal(db, provider, { reason: 'payload too large', bodyBytes })
    return {
      status: 413,
      body: { received: false, error: `payload too large (max ${adapter.maxBodyBytes} bytes)` },
    }
  }
  const verified = await adapter.verify(raw, req.headers, new Date())
  if (!verified.ok) {
    await recordRefusal(db, provider, { reason: verified.reason, raw, claimedType: verified.claimedType })
    return { status: 400, body: { received: false, error: verified.reason } }
  }
  const isNew = await recordInboundEvent(db, provider, verified.event, 'webhook')
  return adapter.ack?.({ duplicate: !isNew }) ?? { status: 200, body: { received: true, duplicate: !isNew } }
}

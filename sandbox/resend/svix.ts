// Svix signing scheme (what Resend uses for its webhooks), written against node:crypto on purpose:
// tests verify it with the official `svix` package, so the two implementations check each other.
import { createHmac, randomBytes } from 'node:crypto'

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

function base62(length: number): string {
  const bytes = randomBytes(length)
  let out = ''
  for (const b of bytes) out += BASE62[b % 62]
  return out
}

/** A svix message id, e.g. `msg_2Lz3...` (svix uses 27-char KSUIDs). */
export const newSvixId = () => `msg_${base62(27)}`

/** A fresh endpoint secret in svix's format: `whsec_` + base64 of 24 random bytes. */
export const newWebhookSecret = () => `whsec_${randomBytes(24).toString('base64')}`

/** The HMAC key is the base64-decoded part after the optional `whsec_` prefix (same rule as svix's Webhook). */
export function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64')
}

export function signature(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secretKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')
  return `v1,${mac}`
}

export function svixHeaders(secret: string, id: string, body: string, nowMs = Date.now()) {
  const timestamp = Math.floor(nowMs / 1000)
  return {
    'svix-id': id,
    'svix-timestamp': String(timestamp),
    'svix-signature': signature(secret, id, timestamp, body),
  }
}

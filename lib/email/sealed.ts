import 'server-only'
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
import { env } from '@/lib/env'

// Some email props are secrets (a guest's private order link carries its access token, which the orders table
// stores only hashed). They are kept encrypted in EmailMessage.props so a database leak reveals no links; the send
// job decrypts them just before rendering. Key: HKDF of AUTH_SECRET, AES-256-GCM.

let key: Buffer | null = null
const sealKey = () => {
  key ??= Buffer.from(hkdfSync('sha256', env.AUTH_SECRET, 'hookline', 'email-props-v1', 32))
  return key
}

export function seal(value: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', sealKey(), iv)
  const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final(), cipher.getAuthTag()])
  return `v1.${iv.toString('base64url')}.${body.toString('base64url')}`
}

/** null when the value was not sealed by us (or with another AUTH_SECRET). */
export function unseal(sealed: string): string | null {
  const [version, ivText, bodyText] = sealed.split('.')
  if (version !== 'v1' || !ivText || !bodyText) return null
  try {
    const body = Buffer.from(bodyText, 'base64url')
    const decipher = createDecipheriv('aes-256-gcm', sealKey(), Buffer.from(ivText, 'base64url'))
    decipher.setAuthTag(body.subarray(body.length - 16))
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString(
      'utf8',
    )
  } catch {
    return null
  }
}

export const SEALED_PROPS_KEY = '$sealed'

export function sealProps(secret: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(secret).map(([k, v]) => [k, seal(v)]))
}

/** The props with their sealed part decrypted and merged in (entries that cannot be decrypted are left out). */
export function openProps(props: Record<string, unknown>): Record<string, unknown> {
  const { [SEALED_PROPS_KEY]: sealed, ...plain } = props
  if (!sealed || typeof sealed !== 'object') return plain
  const opened: Record<string, string> = {}
  for (const [k, v] of Object.entries(sealed as Record<string, unknown>)) {
    const value = typeof v === 'string' ? unseal(v) : null
    if (value !== null) opened[k] = value
  }
  return { ...plain, ...opened }
}

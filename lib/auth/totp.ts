import 'server-only'
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto'
import { generateSecret, generateURI, verify } from 'otplib'
import QRCode from 'qrcode'
import { env } from '@/lib/env'

// Staff TOTP (RFC 6238: SHA-1, 6 digits, 30 s, the parameters every authenticator app supports) through otplib.
// The secret is stored encrypted (AES-256-GCM, key derived from AUTH_SECRET); a code is accepted once (the used
// time step is remembered) and one step of clock drift either way. Recovery codes are stored as sha256 hashes.

export const TOTP_ISSUER = 'Hookline'
export const RECOVERY_CODE_COUNT = 10

const keys = new Map<string, Buffer>()
const keyFor = (purpose: string) => {
  let k = keys.get(purpose)
  if (!k) {
    k = Buffer.from(hkdfSync('sha256', env.AUTH_SECRET, 'hookline', purpose, 32))
    keys.set(purpose, k)
  }
  return k
}

/** AES-256-GCM with a key derived from AUTH_SECRET for this purpose only. */
export function seal(purpose: string, value: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', keyFor(purpose), iv)
  const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final(), cipher.getAuthTag()])
  return `v1.${iv.toString('base64url')}.${body.toString('base64url')}`
}

export function unseal(purpose: string, sealed: string): string | null {
  const [version, iv, bodyText] = sealed.split('.')
  if (version !== 'v1' || !iv || !bodyText) return null
  try {
    const body = Buffer.from(bodyText, 'base64url')
    const decipher = createDecipheriv('aes-256-gcm', keyFor(purpose), Buffer.from(iv, 'base64url'))
    decipher.setAuthTag(body.subarray(body.length - 16))
    return Buffer.concat([decipher.update(body.subarray(0, -16)), decipher.final()]).toString('utf8')
  } catch {
    return null
  }
}

export const sealTotpSecret = (secret: string) => seal('totp-secret-v1', secret)
export const unsealTotpSecret = (sealed: string) => unseal('totp-secret-v1', sealed)

/** A new base32 secret (20 bytes, RFC 4226's recommended length). */
export const newTotpSecret = () => generateSecret({ length: 20 })

export const totpUri = (email: string, secret: string) =>
  generateURI({ issuer: TOTP_ISSUER, label: email, secret })

/** The otpauth URI as an inline SVG QR code (no image request, nothing for the CSP to allow). */
export const totpQrSvg = (uri: string) =>
  QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })

/** The time step the code belongs to, or null; a step at or before `afterStep` (already used) is refused. */
export async function checkTotpCode(
  secret: string,
  code: string,
  afterStep: number | null,
  now = Date.now(),
): Promise<number | null> {
  const token = code.replace(/\s+/g, '')
  if (!/^\d{6}$/.test(token)) return null
  const epoch = Math.floor(now / 1000)
  const result = await verify({
    secret,
    token,
    epochTolerance: 30,
    epoch,
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  })
  return result.valid ? Math.floor(epoch / 30) + result.delta : null
}

const hashCode = (code: string) =>
  createHash('sha256')
    .update(code.replace(/[\s-]+/g, '').toUpperCase())
    .digest('hex')

/** Ten codes like `7KQ2-M9XD`, shown once; the account stores only their hashes. */
export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(8)
    const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('')
    return `${chars.slice(0, 4)}-${chars.slice(4)}`
  })
  return { codes, hashes: codes.map(hashCode) }
}

export const recoveryCodeHash = hashCode

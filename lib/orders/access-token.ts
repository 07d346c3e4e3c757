import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

// A guest opens their order with a secret token; only its sha256 is stored, so a database leak reveals no links.
export function createAccessToken(): { token: string; hash: string } {
  const token = randomBytes(24).toString('base64url')
  return { token, hash: hashAccessToken(token) }
}

export const hashAccessToken = (token: string) => createHash('sha256').update(token).digest('hex')

export function verifyAccessToken(token: string | undefined | null, hash: string): boolean {
  if (!token || token.length > 100) return false
  const a = Buffer.from(hashAccessToken(token), 'hex')
  const b = Buffer.from(hash, 'hex')
  return a.length === b.length && timingSafeEqual(a, b)
}

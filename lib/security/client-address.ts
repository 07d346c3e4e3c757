import 'server-only'
import { env } from '@/lib/env'

/** Every request when no proxy header is trusted: the limits still hold, but for all clients together. */
export const UNKNOWN_CLIENT = 'unknown'

/**
 * The client's address for throttling, from the header the configured reverse proxy sets (TRUSTED_PROXY_HEADER)
 * and nothing else: any other header, or the left part of X-Forwarded-For, is whatever the client chose to send.
 */
export function clientAddress(
  headers: Headers,
  config: { header?: string; hops: number } = {
    header: env.TRUSTED_PROXY_HEADER,
    hops: env.TRUSTED_PROXY_HOPS,
  },
): string {
  if (!config.header) return UNKNOWN_CLIENT
  const raw = headers.get(config.header)
  if (!raw) return UNKNOWN_CLIENT
  // a list (X-Forwarded-For: client, proxy1, ...): each trusted proxy appends the address it saw
  const parts = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const candidate = parts[parts.length - config.hops] ?? parts[0] ?? ''
  const address = normalize(candidate)
  return address ?? UNKNOWN_CLIENT
}

function normalize(value: string): string | null {
  let v = value.replace(/^\[|\](:\d+)?$/g, '')
  // IPv4 with a port (1.2.3.4:5678)
  if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(v)) v = v.slice(0, v.lastIndexOf(':'))
  v = v.replace(/^::ffff:(?=\d+\.)/i, '')
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(v)) return v
  if (/^[0-9a-f:]+$/i.test(v) && v.includes(':')) return ipv6Prefix(v.toLowerCase())
  return null
}

/** An IPv6 client owns at least a /64: counting per /64 keeps one client from rotating through its own addresses. */
function ipv6Prefix(v: string): string {
  const [head = '', tail = ''] = v.split('::')
  const h = head ? head.split(':') : []
  const t = tail ? tail.split(':') : []
  const groups = v.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`
}

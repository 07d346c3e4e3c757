// Unsigned webhooks are accepted only from the provider's published address ranges (IPv4 CIDR).

const toInt = (ip: string): number | null => {
  const m = ip.match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/)
  if (!m) return null
  const parts = m.slice(1).map(Number)
  if (parts.some((p) => p > 255)) return null
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0
}

/** "::ffff:127.0.0.1" -> "127.0.0.1"; "::1" -> "127.0.0.1" (loopback either way). */
export function normalizeIp(raw: string): string {
  const ip = raw.trim()
  if (ip === '::1') return '127.0.0.1'
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip
}

export function isInRanges(rawIp: string, ranges: string): boolean {
  const ip = toInt(normalizeIp(rawIp))
  if (ip === null) return false
  return ranges.split(',').some((r) => {
    const [base, bitsText] = r.trim().split('/')
    const b = toInt(base ?? '')
    const bits = bitsText === undefined ? 32 : Number(bitsText)
    if (b === null || !(bits >= 0 && bits <= 32)) return false
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0
    return (ip & mask) === (b & mask)
  })
}

/**
 * The address the nearest hop saw: the last X-Forwarded-For entry. `next start` sets the header from the socket
 * when the client sent none; behind a proxy, the proxy must append the peer (nginx: proxy_add_x_forwarded_for).
 */
export function sourceAddressOf(headers: Headers): string | null {
  const xff = headers.get('x-forwarded-for')
  if (!xff) return null
  const parts = xff
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
  return parts.at(-1) ?? null
}

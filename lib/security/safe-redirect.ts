// The one check for every redirect target that comes from input (returnTo, callbackUrl, return URLs). Only a path
// on this site passes; anything a browser could read as another host, a scheme or a script falls back.
// No 'server-only': the next-auth callbacks in lib/auth/config.ts (shared with proxy.ts) use it too.

const PRINTABLE_ASCII = /^[\x21-\x7e]*$/
const BASE = 'http://same-origin.invalid'
// the Unicode slash/backslash look-alikes a decoded path must not contain (nor control characters)
const LOOK_ALIKES = /[\u2044\u2215\u29f5\u29f8\uff0f\uff3c]/
const hasControl = (s: string) =>
  [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f) || LOOK_ALIKES.test(s)

/**
 * `input` if it is a same-site path (e.g. `/orders/HL-1?x=1#top`), else `fallback`. Absolute URLs on one of
 * `origins` (e.g. APP_URL, which next-auth sends as callbackUrl) come back as their path.
 */
export function safeRedirectPath(input: unknown, fallback: string, origins: readonly string[] = []): string {
  if (typeof input !== 'string' || input.length === 0 || input.length > 2000) return fallback
  // no spaces, tabs, newlines or other control characters (browsers drop tabs/newlines: "/\t/evil" is "//evil"),
  // and no non-ASCII (look-alikes such as "／" or "⁄" that a URL parser may fold into a slash)
  if (!PRINTABLE_ASCII.test(input)) return fallback
  let path = input
  if (!input.startsWith('/')) {
    const absolute = parse(input, undefined)
    if (!absolute || !origins.some((o) => parse(o, undefined)?.origin === absolute.origin)) return fallback
    if (absolute.username || absolute.password) return fallback
    path = absolute.pathname + absolute.search + absolute.hash
  }
  if (!isPlainPath(path)) return fallback
  // decoded copies must be plain paths too: "%2F%2Fevil", "%5C" or "%09" become dangerous if anything decodes them
  let decoded = path
  for (let i = 0; i < 3; i++) {
    let next: string
    try {
      next = decodeURIComponent(decoded)
    } catch {
      return fallback
    }
    if (!isPlainPath(next) || hasControl(next)) return fallback
    if (next === decoded) break
    decoded = next
  }
  const url = parse(path, BASE)
  if (!url || url.origin !== BASE) return fallback
  return url.pathname + url.search + url.hash
}

/** starts with exactly one "/", and has no backslash anywhere (browsers treat "\" as "/") */
function isPlainPath(p: string): boolean {
  return p.startsWith('/') && !p.startsWith('//') && !p.includes('\\')
}

function parse(value: string, base: string | undefined): URL | null {
  try {
    return new URL(value, base)
  } catch {
    return null
  }
}

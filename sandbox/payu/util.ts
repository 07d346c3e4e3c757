import { createHash, randomBytes, randomUUID } from 'node:crypto'

export type Json = Record<string, unknown>

const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

function randomFrom(alphabet: string, length: number): string {
  let out = ''
  for (const b of randomBytes(length)) out += alphabet[b % alphabet.length]
  return out
}

/** PayU order ids look like `WZHF5FFDRJ140731GUEST000P01`: 10 random characters, yymmdd, a fixed tail. */
export function newOrderId(now = new Date()): string {
  const yymmdd = warsawIso(now).slice(2, 10).replaceAll('-', '')
  return `${randomFrom(upper, 10)}${yymmdd}GUEST000P01`
}

let numericSeq = 5_000_000_000 + Math.floor(Math.random() * 1_000_000) * 100
/** Refund ids and PAYMENT_IDs are numeric strings, e.g. `5000000142`. */
export const newNumericId = () => String(++numericSeq)

export const newToken = () => randomUUID()
export const pageToken = () => randomBytes(18).toString('base64url')

const offsetFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Warsaw',
  timeZoneName: 'longOffset',
})

/** PayU stamps times in Warsaw local time with the offset: `2023-01-03T14:58:17.443+01:00`. */
export function warsawIso(date = new Date()): string {
  const name = offsetFormat.formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT'
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name)
  const sign = m?.[1] === '-' ? -1 : 1
  const minutes = m ? sign * (Number(m[2]) * 60 + Number(m[3])) : 0
  const local = new Date(date.getTime() + minutes * 60_000).toISOString().slice(0, 23)
  const abs = Math.abs(minutes)
  const off = `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
  return `${local}${off}`
}

export type SignatureAlgorithm = 'MD5' | 'SHA-256'

const nodeHash: Record<SignatureAlgorithm, string> = { MD5: 'md5', 'SHA-256': 'sha256' }

/** PayU's notification signature: hex hash of the raw body followed by the POS second key. */
export function signNotification(body: string, secondKey: string, algorithm: SignatureAlgorithm): string {
  const signature = createHash(nodeHash[algorithm])
    .update(body + secondKey, 'utf8')
    .digest('hex')
  return `sender=checkout;signature=${signature};algorithm=${algorithm};content=DOCUMENT`
}

/** Timers owned by the emulator; close() clears every one so the process (and vitest) can exit. */
export class Scheduler {
  private timers = new Set<NodeJS.Timeout>()
  private closed = false

  later(ms: number, fn: () => void | Promise<void>): NodeJS.Timeout | null {
    if (this.closed) return null
    const t = setTimeout(
      () => {
        this.timers.delete(t)
        Promise.resolve()
          .then(fn)
          .catch((err) => console.error('[sandbox/payu] scheduled task failed', err))
      },
      Math.max(0, Math.min(ms, 2_147_483_647)),
    )
    this.timers.add(t)
    return t
  }

  cancel(t: NodeJS.Timeout | null | undefined) {
    if (!t) return
    clearTimeout(t)
    this.timers.delete(t)
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.later(ms, resolve)
    })
  }

  get isClosed() {
    return this.closed
  }

  reset() {
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
  }

  close() {
    this.closed = true
    this.reset()
  }
}

/** PayU amounts are strings in hundredths, even for currencies without subunits ("1000 is 10 HUF"). */
export function formatAmount(minor: string | number, currency: string, locale = 'pl-PL'): string {
  const digits = 2
  const value = Number(minor) / 100
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(value)
  } catch {
    return `${value.toFixed(digits)} ${currency}`
  }
}

import { randomBytes } from 'node:crypto'

export type Json = Record<string, unknown>

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

export function randomToken(length: number): string {
  const bytes = randomBytes(length)
  let out = ''
  for (const b of bytes) out += alphabet[b % alphabet.length]
  return out
}

/** Ids look like Stripe's: a type prefix and 24 random characters (Checkout Session ids are longer). */
export const newId = (prefix: string, length = 24) => `${prefix}${randomToken(length)}`

export const nowSeconds = () => Math.floor(Date.now() / 1000)

export const clone = <T>(value: T): T => structuredClone(value)

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
          .catch((err) => console.error('[sandbox/stripe] scheduled task failed', err))
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

  /** Resolves after ms, or never when the emulator closes first. */
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

const zeroDecimal = new Set('bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf'.split(' '))
const threeDecimal = new Set('bhd jod kwd omr tnd'.split(' '))

export const currencyDigits = (currency: string) =>
  zeroDecimal.has(currency.toLowerCase()) ? 0 : threeDecimal.has(currency.toLowerCase()) ? 3 : 2

/** Formats an amount in minor units (Stripe's integer amounts) for display. */
export function formatAmount(amount: number, currency: string, locale = 'en'): string {
  const digits = currencyDigits(currency)
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: currency.toUpperCase(),
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(amount / 10 ** digits)
  } catch {
    return `${(amount / 10 ** digits).toFixed(digits)} ${currency.toUpperCase()}`
  }
}

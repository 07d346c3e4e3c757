import { describe, expect, it } from 'vitest'
import { parseEnv } from './env'

const base = {
  DATABASE_URL: 'postgres://u@127.0.0.1:5432/db',
  AUTH_SECRET: 'x'.repeat(32),
  STRIPE_SECRET_KEY: 'sk_test_x',
  STRIPE_WEBHOOK_SECRET: 'whsec_x',
  RESEND_API_KEY: 're_x',
  RESEND_WEBHOOK_SECRET: 'whsec_eA==',
}

describe('env', () => {
  it('applies defaults', () => {
    const env = parseEnv(base)
    expect(env.UNPAID_ORDER_TTL_MINUTES).toBe(60)
    expect(env.APP_URL).toBe('http://localhost:3000')
  })
  it('names a missing variable', () => {
    expect(() => parseEnv({ AUTH_SECRET: base.AUTH_SECRET })).toThrow(/DATABASE_URL/)
  })
  it('names a malformed variable', () => {
    expect(() => parseEnv({ ...base, DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/)
    expect(() => parseEnv({ ...base, AUTH_SECRET: 'short' })).toThrow(/AUTH_SECRET: must be at least 32/)
    expect(() => parseEnv({ ...base, UNPAID_ORDER_TTL_MINUTES: '-5' })).toThrow(/UNPAID_ORDER_TTL_MINUTES/)
    expect(() => parseEnv({ ...base, STRIPE_SECRET_KEY: 'pk_test_x' })).toThrow(
      /STRIPE_SECRET_KEY: must be a Stripe/,
    )
  })
  it('treats empty strings as unset', () => {
    expect(parseEnv({ ...base, APP_URL: '' }).APP_URL).toBe('http://localhost:3000')
  })
})

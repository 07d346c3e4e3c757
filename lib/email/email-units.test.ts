import { describe, expect, it } from 'vitest'
import { classifyResendError } from '@/lib/integrations/resend'
import { openProps, SEALED_PROPS_KEY, seal, sealProps, unseal } from './sealed'
import { statusesBefore } from './status'

describe('email status order', () => {
  it('only moves forward', () => {
    expect(statusesBefore('SENT').sort()).toEqual(['FAILED', 'QUEUED', 'SENDING'])
    expect(statusesBefore('DELIVERED')).not.toContain('BOUNCED')
    expect(statusesBefore('BOUNCED')).toContain('DELIVERED')
    expect(statusesBefore('DELIVERY_DELAYED')).not.toContain('DELIVERED')
    expect(statusesBefore('QUEUED')).toEqual([])
  })
})

describe('Resend error classification', () => {
  it.each([
    [{ name: 'rate_limit_exceeded', statusCode: 429 }, true],
    [{ name: 'internal_server_error', statusCode: 500 }, true],
    [{ name: 'application_error', statusCode: 503 }, true],
    [{ name: 'application_error', statusCode: null }, true],
    [{ name: 'concurrent_idempotent_requests', statusCode: 409 }, true],
    [{ name: 'invalid_idempotent_request', statusCode: 409 }, false],
    [{ name: 'validation_error', statusCode: 422 }, false],
    [{ name: 'missing_required_field', statusCode: 422 }, false],
    [{ name: 'invalid_attachment', statusCode: 422 }, false],
    [{ name: 'invalid_api_key', statusCode: 403 }, false],
    [{ name: 'missing_api_key', statusCode: 401 }, false],
  ])('%o retryable: %s', (error, isRetryable) => {
    expect(classifyResendError({ ...error, message: 'm' }).isRetryable).toBe(isRetryable)
  })

  it('names a timeout and keeps retry-after', () => {
    expect(classifyResendError({ statusCode: null }, { isTimeout: true })).toMatchObject({
      code: 'timeout',
      isRetryable: true,
    })
    expect(
      classifyResendError({ statusCode: 429, name: 'rate_limit_exceeded' }, { retryAfter: '2' }),
    ).toMatchObject({ retryAfterMs: 2000 })
  })
})

describe('sealed email props', () => {
  it('round-trips, hides the value, and refuses anything tampered with', () => {
    const url = 'http://localhost:3000/orders/HL-2026-000001?t=secret-token'
    const sealed = seal(url)
    expect(sealed).not.toContain('secret-token')
    expect(seal(url)).not.toBe(sealed)
    expect(unseal(sealed)).toBe(url)
    const [v, iv, body] = sealed.split('.')
    const flipped = `${v}.${iv}.${body!.slice(0, -2)}${body!.endsWith('A') ? 'B' : 'A'}${body!.slice(-1)}`
    expect(unseal(flipped)).toBeNull()
    expect(unseal('plain')).toBeNull()
    expect(openProps({ a: 1, [SEALED_PROPS_KEY]: { orderUrl: sealed, bad: 'v1.x.y' } })).toEqual({
      a: 1,
      orderUrl: url,
    })
    expect(Object.keys(sealProps({ x: 'y' }))).toEqual(['x'])
  })
})

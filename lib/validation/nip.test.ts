import { describe, expect, it } from 'vitest'
import { isValidNip, normalizeNip } from './nip'

describe('NIP', () => {
  it.each(['5260250274', '526-025-02-74', 'PL 526 025 02 74', '1234563218'])('accepts %s', (nip) => {
    expect(isValidNip(nip)).toBe(true)
  })
  it.each(['5260250275', '1234567890', '123456789', '12345678901', 'abcdefghij', ''])('refuses %s', (nip) => {
    expect(isValidNip(nip)).toBe(false)
  })
  it('refuses a number whose checksum would be 10', () => {
    // weights 6 5 7 2 3 4 5 6 7: digits chosen so the sum mod 11 is 10
    expect(isValidNip('0200000000')).toBe(false)
    expect(isValidNip('0200000001')).toBe(false)
  })
  it('normalizes separators and the PL prefix', () => {
    expect(normalizeNip('PL526-025-02-74')).toBe('5260250274')
  })
})

import { describe, expect, it } from 'vitest'
import { formatMoney, minorToDecimalString, parseAmountToMinor } from './money'

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ')

describe('money', () => {
  it('turns minor units into exact decimal strings', () => {
    expect(minorToDecimalString(0)).toBe('0.00')
    expect(minorToDecimalString(5)).toBe('0.05')
    expect(minorToDecimalString(-1234)).toBe('-12.34')
    expect(minorToDecimalString(900719925474099)).toBe('9007199254740.99')
  })
  it('formats for Polish and English', () => {
    expect(nbsp(formatMoney(123456, 'PLN', 'pl'))).toBe('1234,56 zł')
    expect(nbsp(formatMoney(1234567, 'PLN', 'pl'))).toBe('12 345,67 zł')
    expect(nbsp(formatMoney(123456, 'PLN', 'en'))).toBe('PLN 1,234.56')
    expect(nbsp(formatMoney(1999, 'EUR', 'en'))).toBe('€19.99')
  })
  it('refuses non-integer amounts', () => {
    expect(() => minorToDecimalString(1.5)).toThrow()
  })
  it('parses typed amounts without floats', () => {
    expect(parseAmountToMinor('12,30')).toBe(1230)
    expect(parseAmountToMinor('12.3')).toBe(1230)
    expect(parseAmountToMinor('0.07')).toBe(7)
    expect(parseAmountToMinor('1 000')).toBe(100000)
    expect(parseAmountToMinor('12.345')).toBeNull()
    expect(parseAmountToMinor('-1')).toBeNull()
    expect(parseAmountToMinor('abc')).toBeNull()
  })
})

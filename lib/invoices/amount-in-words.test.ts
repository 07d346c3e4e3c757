import { describe, expect, it } from 'vitest'
import { amountInWords, numberToWordsEn, numberToWordsPl } from './amount-in-words.ts'

describe('amountInWords, Polish', () => {
  it.each([
    [12345, 'sto dwadzieścia trzy złote 45/100'],
    [0, 'zero złotych 00/100'],
    [1, 'zero złotych 01/100'],
    [100, 'jeden złoty 00/100'],
    [200, 'dwa złote 00/100'],
    [400, 'cztery złote 00/100'],
    [500, 'pięć złotych 00/100'],
    [1100, 'jedenaście złotych 00/100'],
    [1200, 'dwanaście złotych 00/100'],
    [1400, 'czternaście złotych 00/100'],
    [2100, 'dwadzieścia jeden złotych 00/100'],
    [2200, 'dwadzieścia dwa złote 00/100'],
    [11200, 'sto dwanaście złotych 00/100'],
    [12299, 'sto dwadzieścia dwa złote 99/100'],
    [100000, 'tysiąc złotych 00/100'],
    [100100, 'tysiąc jeden złotych 00/100'],
    [200000, 'dwa tysiące złotych 00/100'],
    [500000, 'pięć tysięcy złotych 00/100'],
    [1200000, 'dwanaście tysięcy złotych 00/100'],
    [2100000, 'dwadzieścia jeden tysięcy złotych 00/100'],
    [2222222, 'dwadzieścia dwa tysiące dwieście dwadzieścia dwa złote 22/100'],
    [
      99999999,
      'dziewięćset dziewięćdziesiąt dziewięć tysięcy dziewięćset dziewięćdziesiąt dziewięć złotych 99/100',
    ],
    [100000000, 'milion złotych 00/100'],
    [250000000, 'dwa miliony pięćset tysięcy złotych 00/100'],
    [1300000000, 'trzynaście milionów złotych 00/100'],
    [100000000000, 'miliard złotych 00/100'],
    [-1050, 'minus dziesięć złotych 50/100'],
  ])('%i PLN -> %s', (minor, words) => {
    expect(amountInWords(minor, 'PLN', 'pl')).toBe(words)
  })

  it('EUR is neuter and indeclinable', () => {
    expect(amountInWords(100, 'EUR', 'pl')).toBe('jedno euro 00/100')
    expect(amountInWords(2100, 'EUR', 'pl')).toBe('dwadzieścia jeden euro 00/100')
    expect(amountInWords(200, 'EUR', 'pl')).toBe('dwa euro 00/100')
    expect(amountInWords(50007, 'EUR', 'pl')).toBe('pięćset euro 07/100')
  })

  it('the largest safe amount', () => {
    expect(numberToWordsPl(90071992547409n)).toBe(
      'dziewięćdziesiąt bilionów siedemdziesiąt jeden miliardów dziewięćset dziewięćdziesiąt dwa miliony pięćset czterdzieści siedem tysięcy czterysta dziewięć',
    )
    expect(amountInWords(Number.MAX_SAFE_INTEGER, 'PLN', 'pl')).toMatch(
      /^dziewięćdziesiąt bilionów .* złotych 91\/100$/,
    )
  })
})

describe('amountInWords, English', () => {
  it.each([
    [12345, 'PLN', 'one hundred twenty-three zlotys 45/100'],
    [100, 'PLN', 'one zloty 00/100'],
    [0, 'PLN', 'zero zlotys 00/100'],
    [1100000, 'PLN', 'eleven thousand zlotys 00/100'],
    [100000105, 'EUR', 'one million one euros 05/100'],
    [100, 'EUR', 'one euro 00/100'],
    [9000000, 'EUR', 'ninety thousand euros 00/100'],
  ] as const)('%i %s -> %s', (minor, currency, words) => {
    expect(amountInWords(minor, currency, 'en')).toBe(words)
  })

  it('numbers', () => {
    expect(numberToWordsEn(40n)).toBe('forty')
    expect(numberToWordsEn(1001n)).toBe('one thousand one')
    expect(numberToWordsEn(2000015n)).toBe('two million fifteen')
  })

  it('rejects unsafe amounts', () => {
    expect(() => amountInWords(1.5, 'PLN', 'pl')).toThrow()
  })
})

import { describe, expect, it } from 'vitest'
import { StripeError } from './errors.ts'
import { parseForm } from './form.ts'

describe('parseForm (Stripe form encoding)', () => {
  it('builds nested objects and indexed arrays from bracket keys', () => {
    const body =
      'mode=payment&line_items[0][price_data][currency]=pln&line_items[0][price_data][unit_amount]=1250' +
      '&line_items[0][price_data][product_data][name]=Pierogi+ruskie&line_items[0][quantity]=2' +
      '&line_items[1][price_data][product_data][name]=Kompot%20%26%20co&line_items[1][quantity]=1' +
      '&metadata[orderId]=o_1&expand[0]=payment_intent&expand[1]=line_items'
    expect(parseForm(body)).toEqual({
      mode: 'payment',
      line_items: [
        {
          price_data: { currency: 'pln', unit_amount: '1250', product_data: { name: 'Pierogi ruskie' } },
          quantity: '2',
        },
        { price_data: { product_data: { name: 'Kompot & co' } }, quantity: '1' },
      ],
      metadata: { orderId: 'o_1' },
      expand: ['payment_intent', 'line_items'],
    })
  })

  it('accepts percent-encoded brackets, empty-bracket appends and sparse indexes', () => {
    expect(parseForm('expand%5B%5D=a&expand%5B%5D=b&types[]=x')).toEqual({ expand: ['a', 'b'], types: ['x'] })
    expect(parseForm('items[2]=c&items[0]=a')).toEqual({ items: ['a', 'c'] })
  })

  it('keeps numeric-looking metadata keys as object keys', () => {
    expect(parseForm('metadata[0]=zero&metadata[1]=one')).toEqual({ metadata: { '0': 'zero', '1': 'one' } })
  })

  it('keeps empty values (Stripe uses them to unset) and the last of repeated scalars', () => {
    expect(parseForm('metadata[a]=&x=1&x=2')).toEqual({ metadata: { a: '' }, x: '2' })
  })

  it('refuses a key that is both a value and a hash', () => {
    expect(() => parseForm('a=1&a[b]=2')).toThrow(StripeError)
    expect(() => parseForm('a[b]=2&a=1')).toThrow(StripeError)
    expect(() => parseForm('a]b=1')).toThrow(StripeError)
  })
})

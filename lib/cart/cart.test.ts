import { describe, expect, it } from 'vitest'
import { decodeCart, encodeCart, setCartLine } from './cart'

const A = '00000000-0000-4000-8000-000000000001'
const B = '00000000-0000-4000-8000-000000000002'

describe('cookie cart', () => {
  it('round-trips', () => {
    const cart = [
      { productId: A, quantity: 2 },
      { productId: B, quantity: 1 },
    ]
    expect(decodeCart(encodeCart(cart))).toEqual(cart)
  })
  it('drops a tampered or malformed cookie instead of trusting it', () => {
    expect(decodeCart('not json')).toEqual([])
    expect(decodeCart(JSON.stringify([{ p: A, q: 0 }]))).toEqual([])
    expect(decodeCart(JSON.stringify([{ p: A, q: 1000 }]))).toEqual([])
    expect(decodeCart(JSON.stringify([{ p: 'x', q: 1 }]))).toEqual([])
    expect(decodeCart(JSON.stringify([{ p: A, q: 1, price: 1 }]))).toEqual([{ productId: A, quantity: 1 }])
  })
  it('adds, sets and removes lines, capped at 99', () => {
    let cart = setCartLine([], A, 2, 'add')
    cart = setCartLine(cart, A, 3, 'add')
    expect(cart).toEqual([{ productId: A, quantity: 5 }])
    cart = setCartLine(cart, A, 500, 'set')
    expect(cart).toEqual([{ productId: A, quantity: 99 }])
    expect(setCartLine(cart, A, 0, 'set')).toEqual([])
  })
})

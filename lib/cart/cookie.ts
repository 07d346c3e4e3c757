import 'server-only'
import { cookies } from 'next/headers'
import { CART_COOKIE, type Cart, decodeCart, encodeCart } from './cart'

export async function readCart(): Promise<Cart> {
  return decodeCart((await cookies()).get(CART_COOKIE)?.value)
}

export async function writeCart(cart: Cart) {
  const jar = await cookies()
  if (!cart.length) jar.delete(CART_COOKIE)
  else
    jar.set(CART_COOKIE, encodeCart(cart), {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      maxAge: 60 * 60 * 24 * 30,
    })
}

'use server'

import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { formAction } from '@/lib/actions/safe-action'
import { setCartLine } from '@/lib/cart/cart'
import { readCart, writeCart } from '@/lib/cart/cookie'
import { prisma } from '@/lib/db'
import { env } from '@/lib/env'
import { isAppError } from '@/lib/errors'
import { LOCALE_COOKIE, LOCALES } from '@/lib/i18n/locales'
import { getLocale } from '@/lib/i18n/server'
import { MAX_QUANTITY_PER_LINE, placeOrder } from '@/lib/orders/place-order'
import { safeRedirectPath } from '@/lib/security/safe-redirect'

const ZLocaleForm = z.object({ locale: z.enum(LOCALES), returnTo: z.string().max(2000).default('/') })

export async function setLocaleAction(formData: FormData) {
  const parsed = ZLocaleForm.safeParse(Object.fromEntries(formData))
  if (!parsed.success) return
  ;(await cookies()).set(LOCALE_COOKIE, parsed.data.locale, {
    path: '/',
    sameSite: 'lax',
    maxAge: 60 * 60 * 24 * 365,
  })
  // only same-site paths: never an open redirect
  redirect(safeRedirectPath(parsed.data.returnTo, '/'))
}

const ZCartForm = z.object({
  productId: z.uuid(),
  quantity: z.coerce.number().int().min(0).max(MAX_QUANTITY_PER_LINE),
  mode: z.enum(['add', 'set']).default('add'),
  returnTo: z.enum(['cart', 'product']).default('cart'),
  slug: z.string().max(100).optional(),
})

export async function updateCartAction(formData: FormData) {
  const parsed = ZCartForm.safeParse(Object.fromEntries(formData))
  if (!parsed.success) redirect('/cart?error=quantity')
  const { productId, quantity, mode, returnTo, slug } = parsed.data
  const product = await prisma.product.findUnique({ where: { id: productId }, select: { isActive: true } })
  if (!product?.isActive) redirect('/cart?error=product')
  await writeCart(setCartLine(await readCart(), productId, quantity, mode))
  redirect(returnTo === 'product' && slug ? `/products/${encodeURIComponent(slug)}?added=1` : '/cart')
}

const ZAddressFields = (prefix: 'billing' | 'shipping') =>
  z.object({
    [`${prefix}Line1`]: z.string().default(''),
    [`${prefix}Line2`]: z.string().default(''),
    [`${prefix}PostalCode`]: z.string().default(''),
    [`${prefix}City`]: z.string().default(''),
    [`${prefix}Country`]: z.string().default('PL'),
  })

const ZCheckoutForm = z
  .object({
    email: z.string().default(''),
    name: z.string().default(''),
    phone: z.string().default(''),
    companyName: z.string().default(''),
    nip: z.string().default(''),
    sameAsBilling: z.string().optional(),
    consent: z.string().optional(),
    expectedTotalMinor: z.coerce.number().int().optional(),
    deliveryMethodId: z.string().default(''),
    deliveryPointName: z.string().default(''),
  })
  .and(ZAddressFields('billing'))
  .and(ZAddressFields('shipping'))

const address = (v: Record<string, string | undefined>, prefix: string) => ({
  line1: v[`${prefix}Line1`] ?? '',
  line2: v[`${prefix}Line2`] ?? '',
  postalCode: v[`${prefix}PostalCode`] ?? '',
  city: v[`${prefix}City`] ?? '',
  country: v[`${prefix}Country`] ?? 'PL',
})

/** The domain reports nested paths (customer.billingAddress.city); the form has flat names (billingCity). */
function formFieldName(path: string): string {
  const [head, second, third] = path.split('.')
  if (head === 'customer' && second === 'billingAddress' && third) return `billing${cap(third)}`
  if (head === 'customer' && second === 'shippingAddress' && third) return `shipping${cap(third)}`
  if (head === 'customer' && second) return second
  if (head === 'delivery' && second) return `delivery${cap(second)}`
  return head ?? 'form'
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

export const placeOrderAction = formAction('public', ZCheckoutForm, async (v, { actor }) => {
  const values = v as unknown as Record<string, string | undefined>
  const billing = address(values, 'billing')
  if (!v.deliveryMethodId && (await prisma.shippingMethod.count({ where: { isActive: true } })) > 0)
    return {
      ok: false,
      message: 'Choose a delivery method.',
      fieldErrors: { deliveryMethodId: ['choose a delivery method'] },
    }
  try {
    const placed = await placeOrder(
      prisma,
      {
        lines: await readCart(),
        customer: {
          email: v.email,
          name: v.name,
          phone: v.phone,
          companyName: v.companyName,
          nip: v.nip,
          billingAddress: billing,
          shippingAddress: v.sameAsBilling ? billing : address(values, 'shipping'),
        },
        locale: await getLocale(),
        consent: (v.consent === 'on') as true,
        expectedTotalMinor: v.expectedTotalMinor,
        userId: actor?.role === 'CUSTOMER' ? actor.userId : undefined,
        delivery: v.deliveryMethodId
          ? { methodId: v.deliveryMethodId, pointName: v.deliveryPointName || undefined }
          : undefined,
      },
      { unpaidTtlMinutes: env.UNPAID_ORDER_TTL_MINUTES },
    )
    await writeCart([])
    redirect(`/orders/${placed.number}?t=${placed.accessToken}&placed=1`)
  } catch (err) {
    if (!isAppError(err) || !err.fieldErrors) throw err
    const fieldErrors: Record<string, string[]> = {}
    for (const [path, messages] of Object.entries(err.fieldErrors)) {
      const name = formFieldName(path)
      fieldErrors[name] = [...(fieldErrors[name] ?? []), ...messages]
    }
    return { ok: false, message: err.message, fieldErrors }
  }
})

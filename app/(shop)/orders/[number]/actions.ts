'use server'

import { headers } from 'next/headers'
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { formAction } from '@/lib/actions/safe-action'
import { prisma } from '@/lib/db'
import { startCheckout } from '@/lib/payments/start-checkout'

export const startCheckoutAction = formAction(
  'public',
  z.object({
    orderNumber: z.string().max(40),
    token: z.string().max(100),
    method: z.enum(['card', 'blik', 'bank_transfer']).optional(),
  }),
  async ({ orderNumber, token, method }, { actor }) => {
    // PayU wants the buyer's address; behind a proxy it is the first x-forwarded-for hop
    const ip = (await headers()).get('x-forwarded-for')?.split(',')[0]?.trim()
    const { url } = await startCheckout(prisma, {
      orderNumber,
      token,
      method,
      userId: actor?.userId,
      customerIp: ip && /^[0-9a-f.:]{3,45}$/i.test(ip) ? ip : null,
    })
    redirect(url)
  },
)

'use server'

import { redirect } from 'next/navigation'
import { z } from 'zod'
import { formAction } from '@/lib/actions/safe-action'
import { prisma } from '@/lib/db'
import { startCheckout } from '@/lib/payments/start-checkout'

export const startCheckoutAction = formAction(
  'public',
  z.object({ orderNumber: z.string().max(40), token: z.string().max(100) }),
  async ({ orderNumber, token }, { actor }) => {
    const { url } = await startCheckout(prisma, { orderNumber, token, userId: actor?.userId })
    redirect(url)
  },
)

'use server'

import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { formAction } from '@/lib/actions/safe-action'
import { prisma } from '@/lib/db'
import { retryOrderInvoices } from '@/lib/invoices/retry'
import { updateInvoiceBuyer, ZInvoiceBuyerFix } from '@/lib/invoices/update-invoice-buyer'

const retried = (r: { rescheduled: number; enqueued: number }) =>
  r.rescheduled + r.enqueued > 0
    ? 'Invoicing runs again now; refresh in a moment.'
    : 'Nothing to retry: the documents are issued or their jobs are already running.'

export const retryOrderInvoicesAction = formAction(
  'staff',
  z.object({ orderId: z.uuid() }),
  async ({ orderId }) => {
    const r = await retryOrderInvoices(prisma, orderId)
    revalidatePath(`/admin/orders/${orderId}`)
    return { ok: true, message: retried(r) }
  },
)

export const updateInvoiceBuyerAction = formAction('staff', ZInvoiceBuyerFix, async (input, { actor }) => {
  const r = await updateInvoiceBuyer(prisma, input, { actor: `staff:${actor!.userId}` })
  revalidatePath(`/admin/orders/${input.orderId}`)
  return { ok: true, message: `Buyer data saved. ${retried(r)}` }
})

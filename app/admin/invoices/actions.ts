'use server'

import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { formAction } from '@/lib/actions/safe-action'
import type { DbTx } from '@/lib/db'
import { retryOrderInvoices } from '@/lib/invoices/retry'
import { updateInvoiceBuyer, ZInvoiceBuyerFix } from '@/lib/invoices/update-invoice-buyer'

const retried = (r: { rescheduled: number; enqueued: number }) =>
  r.rescheduled + r.enqueued > 0
    ? 'Invoicing runs again now; refresh in a moment.'
    : 'Nothing to retry: the documents are issued or their jobs are already running.'

export const retryOrderInvoicesAction = formAction(
  'orders.edit',
  z.object({ orderId: z.uuid() }),
  async ({ orderId }, { audit }) => {
    const r = await audit({ action: 'order.invoice_retry', target: { type: 'order', id: orderId } }, (db) =>
      retryOrderInvoices(db, orderId),
    )
    revalidatePath(`/admin/orders/${orderId}`)
    return { ok: true, message: retried(r) }
  },
)

const buyer = (orderId: string) => (tx: DbTx) =>
  tx.order.findUnique({ where: { id: orderId }, select: { companyName: true, nip: true } })

export const updateInvoiceBuyerAction = formAction(
  'orders.edit',
  ZInvoiceBuyerFix,
  async (input, { actor, audit }) => {
    const r = await audit(
      {
        action: 'order.buyer_update',
        target: { type: 'order', id: input.orderId },
        before: buyer(input.orderId),
        after: buyer(input.orderId),
      },
      (db) => updateInvoiceBuyer(db, input, { actor: `staff:${actor.userId}` }),
    )
    revalidatePath(`/admin/orders/${input.orderId}`)
    return { ok: true, message: `Buyer data saved. ${retried(r)}` }
  },
)

import { subscribe } from '@/lib/events/define'
import { correctiveJobKey, invoiceJobKey } from './retry'

// What invoicing does when something happens elsewhere (or to its own documents).
export const invoiceSubscribers = [
  subscribe(
    'order.paid',
    'issue-invoice',
    (e) => ({ orderId: e.orderId }),
    (e) => invoiceJobKey(e.orderId),
  ),
  subscribe(
    'refund.confirmed',
    'issue-corrective-invoice',
    (e) => ({ refundId: e.refundId }),
    (e) => correctiveJobKey(e.refundId),
  ),
  subscribe(
    'invoice.issued',
    'render-invoice-pdf',
    (e) => ({ invoiceId: e.invoiceId }),
    (e) => `invoice/${e.invoiceId}/pdf`,
  ),
]

import { emailSubscribers } from '@/lib/email/subscribers'
import { invoiceSubscribers } from '@/lib/invoices/subscribers'
import { paymentSubscribers } from '@/lib/payments/subscribers'
import type { LifecycleEventName } from './catalog'
import type { Subscriber } from './define'

// Every domain's subscribers, one line per domain. A new reaction to an event is one `subscribe(...)` line in the
// reacting domain's subscribers.ts (lib/ksef: invoice.issued, lib/shipping: order.paid, ...).
export const allSubscribers: readonly Subscriber[] = [
  ...invoiceSubscribers,
  ...emailSubscribers,
  ...paymentSubscribers,
]

export const subscribersOf = (event: LifecycleEventName) => allSubscribers.filter((s) => s.event === event)

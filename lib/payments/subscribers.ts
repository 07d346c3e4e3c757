import { subscribe } from '@/lib/events/define'

// What payments does when something happens.
export const paymentSubscribers = [
  subscribe(
    'payment.double',
    'refund-double-payment',
    (e) => ({ paymentId: e.paymentId }),
    (e) => `payment/${e.paymentId}/duplicate-refund`,
  ),
]

import { z } from 'zod'

// Every lifecycle event: its payload and the key that makes it happen once. An event is a fact about our own state
// ("order X was paid"), recorded in the transaction that made it true; subscribers (lib/events/subscribers.ts) turn
// it into outbox jobs. Add an event here, then subscribe to it from the domain that reacts.

const id = z.uuid()

export const lifecycleEvents = {
  'order.placed': {
    schema: z.object({ orderId: id }),
    key: (p: { orderId: string }) => `order/${p.orderId}`,
  },
  'order.paid': {
    schema: z.object({ orderId: id, paymentId: id.optional() }),
    key: (p: { orderId: string }) => `order/${p.orderId}`,
  },
  'order.cancelled': {
    schema: z.object({ orderId: id }),
    key: (p: { orderId: string }) => `order/${p.orderId}`,
  },
  'order.fulfilment_changed': {
    schema: z.object({ orderId: id, from: z.string(), to: z.string() }),
    key: (p: { orderId: string; to: string }) => `order/${p.orderId}/${p.to}`,
  },
  'payment.double': {
    schema: z.object({ orderId: id, paymentId: id }),
    key: (p: { paymentId: string }) => `payment/${p.paymentId}`,
  },
  'refund.confirmed': {
    schema: z.object({ orderId: id, refundId: id }),
    key: (p: { refundId: string }) => `refund/${p.refundId}`,
  },
  'invoice.issued': {
    schema: z.object({ orderId: id, invoiceId: id, kind: z.enum(['INVOICE', 'CORRECTIVE']) }),
    key: (p: { invoiceId: string }) => `invoice/${p.invoiceId}`,
  },
  'invoice.pdf_ready': {
    schema: z.object({ orderId: id, invoiceId: id }),
    key: (p: { invoiceId: string }) => `invoice/${p.invoiceId}`,
  },
  'shipment.status_changed': {
    schema: z.object({ orderId: id, shipmentId: id, status: z.string().max(50) }),
    key: (p: { shipmentId: string; status: string }) => `shipment/${p.shipmentId}/${p.status}`,
  },
  'message.received': {
    schema: z.object({ messageId: id, orderId: id.optional(), customerId: id.optional() }),
    key: (p: { messageId: string }) => `message/${p.messageId}`,
  },
} as const

export type LifecycleEventName = keyof typeof lifecycleEvents
export type LifecycleEventPayload<E extends LifecycleEventName> = z.output<
  (typeof lifecycleEvents)[E]['schema']
>

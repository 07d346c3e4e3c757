import { subscribe } from '@/lib/events/define'

// What the email domain sends when something happens elsewhere.
export const emailSubscribers = [
  // the customer's invoice (or correction) email, with the PDF attached: only once the PDF exists
  subscribe(
    'invoice.pdf_ready',
    'queue-invoice-email',
    (e) => ({ invoiceId: e.invoiceId }),
    (e) => `invoice/${e.invoiceId}/email`,
  ),
]

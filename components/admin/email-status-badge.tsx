import type { EmailStatus } from '@/generated/prisma/enums'

const styles: Record<EmailStatus, string> = {
  QUEUED: 'bg-stone-100 text-stone-800',
  SENDING: 'bg-sky-100 text-sky-900',
  SENT: 'bg-sky-100 text-sky-900',
  DELIVERED: 'bg-emerald-100 text-emerald-900',
  DELIVERY_DELAYED: 'bg-amber-100 text-amber-900',
  // problems stand out: solid colours
  BOUNCED: 'bg-red-700 text-white font-semibold',
  COMPLAINED: 'bg-orange-600 text-white font-semibold',
  FAILED: 'bg-red-700 text-white font-semibold',
}

export const EMAIL_STATUS_LABEL: Record<EmailStatus, string> = {
  QUEUED: 'Queued',
  SENDING: 'Sending',
  SENT: 'Sent',
  DELIVERED: 'Delivered',
  DELIVERY_DELAYED: 'Delivery delayed',
  BOUNCED: 'Bounced',
  COMPLAINED: 'Complained',
  FAILED: 'Failed',
}

export function EmailStatusBadge({ status }: { status: EmailStatus }) {
  return (
    <span
      data-status={status}
      className={`inline-block rounded-full px-2.5 py-0.5 text-xs font-medium ${styles[status]}`}
    >
      {EMAIL_STATUS_LABEL[status]}
    </span>
  )
}

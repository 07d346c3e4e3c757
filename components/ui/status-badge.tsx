import type { OrderStatus } from '@/generated/prisma/enums'

const colors: Record<OrderStatus, string> = {
  PENDING_PAYMENT: 'bg-amber-100 text-amber-900',
  PAYMENT_PROCESSING: 'bg-sky-100 text-sky-900',
  PAID: 'bg-emerald-100 text-emerald-900',
  PARTIALLY_REFUNDED: 'bg-violet-100 text-violet-900',
  REFUNDED: 'bg-stone-200 text-stone-800',
  CANCELLED: 'bg-red-100 text-red-900',
}

export function StatusBadge({ status, label }: { status: OrderStatus; label: string }) {
  return (
    <span
      data-status={status}
      className={`inline-block rounded-full px-2.5 py-0.5 text-xs font-medium ${colors[status]}`}
    >
      {label}
    </span>
  )
}

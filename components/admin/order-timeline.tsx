import { formatDate } from '@/lib/money'
import type { TimelineItem } from '@/lib/orders/timeline'

const SOURCE_LABEL: Record<TimelineItem['source'], string> = {
  status: 'status',
  event: 'inbound',
  processing: 'processing',
  'provider-call': 'outbound call',
  note: 'note',
  refund: 'refund',
  email: 'email',
  payment: 'checkout',
  flag: 'flag',
  lifecycle: 'event',
}

export function OrderTimeline({ items }: { items: TimelineItem[] }) {
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading" className="text-lg font-semibold">
        Timeline
      </h2>
      <ol className="mt-2 space-y-1.5 border-l-2 border-stone-200 pl-4 text-sm">
        {items.map((item) => (
          <li
            key={item.id}
            data-testid="timeline-item"
            data-source={item.source}
            className={item.isError ? 'text-red-800' : ''}
          >
            <time dateTime={item.at.toISOString()} className="text-stone-500">
              {formatDate(item.at, 'en')}
            </time>{' '}
            <span className="rounded bg-stone-100 px-1 text-xs text-stone-600">
              {SOURCE_LABEL[item.source]}
            </span>{' '}
            <strong className="font-medium">{item.title}</strong>
            {item.detail && (
              <span className="block break-words pl-2 text-xs text-stone-600">{item.detail}</span>
            )}
          </li>
        ))}
      </ol>
    </section>
  )
}

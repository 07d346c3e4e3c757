import type { TInboxStrings } from '@/lib/i18n/admin/inbox'

type M = {
  kind: 'MESSAGE' | 'AUTO_REPLY' | 'BOUNCE'
  status: 'FILED' | 'UNASSIGNED' | 'QUARANTINED'
  readAt: Date | null
  answeredAt: Date | null
}

/** Small labels for a received message: kind, status, unread, answered. */
export function InboundBadges({ m, t }: { m: M; t: TInboxStrings }) {
  const pill = 'inline-block rounded-full border px-2 text-xs'
  return (
    <span className="inline-flex flex-wrap gap-1">
      {m.kind !== 'MESSAGE' && (
        <span className={`${pill} border-amber-500 text-amber-800`}>{t.kind[m.kind]}</span>
      )}
      {m.status !== 'FILED' && (
        <span
          className={`${pill} ${m.status === 'QUARANTINED' ? 'border-red-600 text-red-800' : 'border-sky-600 text-sky-800'}`}
        >
          {t.status[m.status]}
        </span>
      )}
      {!m.readAt && m.status !== 'QUARANTINED' && (
        <span className={`${pill} border-stone-500 font-semibold text-stone-800`}>{t.unread}</span>
      )}
      {m.answeredAt && <span className={`${pill} border-emerald-600 text-emerald-800`}>{t.answered}</span>}
    </span>
  )
}

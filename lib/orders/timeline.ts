import type { Db } from '@/lib/db'

export type TimelineItem = {
  /** stable key: source + row id */
  id: string
  at: Date
  source:
    | 'status'
    | 'event'
    | 'processing'
    | 'provider-call'
    | 'note'
    | 'refund'
    | 'email'
    | 'payment'
    | 'flag'
    | 'lifecycle'
  title: string
  detail?: string
  isError?: boolean
}

/** Everything that happened to an order, from every table that records it, oldest first. */
export async function getOrderTimeline(db: Db, orderId: string): Promise<TimelineItem[]> {
  const [changes, events, calls, notes, refunds, payments, emails, flags, facts] = await Promise.all([
    db.orderStatusChange.findMany({ where: { orderId } }),
    db.webhookEvent.findMany({ where: { orderId }, include: { attempts: true } }),
    db.providerCall.findMany({ where: { orderId } }),
    db.orderTimelineEntry.findMany({ where: { orderId } }),
    db.refund.findMany({ where: { orderId } }),
    db.payment.findMany({ where: { orderId } }),
    db.emailMessage.findMany({ where: { orderId } }),
    db.orderFlag.findMany({ where: { orderId } }),
    db.lifecycleEvent.findMany({ where: { orderId } }),
  ])
  const items: TimelineItem[] = [
    ...changes.map((c) => ({
      id: `status-${c.id}`,
      at: c.createdAt,
      source: 'status' as const,
      title: `${c.fromStatus ? `${c.fromStatus} → ` : ''}${c.toStatus}`,
      detail: `${c.reason} (${c.actor})`,
    })),
    ...events.flatMap((e) => [
      {
        id: `event-${e.id}`,
        at: e.receivedAt,
        source: 'event' as const,
        title: `${e.provider} event ${e.type ?? '(unknown type)'} received${e.source !== 'webhook' ? ` by ${e.source}` : ''}`,
        detail: `${e.eventId ?? ''} · ${e.status}${e.refusalReason ? ` · ${e.refusalReason}` : ''}`,
        isError: e.status === 'REFUSED' || e.status === 'FAILED',
      },
      ...e.attempts.map((a) => ({
        id: `attempt-${a.id}`,
        at: a.createdAt,
        source: 'processing' as const,
        title: `processed ${e.type}: ${a.outcome}`,
        detail: `${a.detail} (${a.durationMs} ms)`,
        isError: a.outcome === 'failed' || a.outcome === 'flagged',
      })),
    ]),
    ...calls.map((c) => ({
      id: `call-${c.id}`,
      at: c.createdAt,
      source: 'provider-call' as const,
      title: `${c.provider} ${c.operation} → ${c.httpStatus ?? 'no answer'}`,
      detail: `${c.latencyMs} ms${c.idempotencyKey ? ` · key ${c.idempotencyKey}` : ''}${c.error ? ` · ${c.error}` : ''}`,
      isError: !c.isOk,
    })),
    ...notes.map((n) => ({
      id: `note-${n.id}`,
      at: n.createdAt,
      source: 'note' as const,
      title: n.kind,
      detail: n.message,
      isError: n.isError,
    })),
    ...payments.map((p) => ({
      id: `payment-${p.id}`,
      at: p.createdAt,
      source: 'payment' as const,
      title: `checkout attempt ${p.attempt}: ${p.status}`,
      detail: `${`${p.provider} ${p.providerCheckoutId ?? '(not created yet)'}`} · key ${p.idempotencyKey}${p.lastError ? ` · ${p.lastError}` : ''}`,
      isError: p.status === 'FAILED',
    })),
    ...refunds.map((r) => ({
      id: `refund-${r.id}`,
      at: r.createdAt,
      source: 'refund' as const,
      title: `refund of ${r.amountMinor} ${r.currency} requested by ${r.requestedBy}: ${r.status}`,
      detail: `${r.reason}${r.providerRefundId ? ` · ${r.providerRefundId}` : ''}${r.lastError ? ` · ${r.lastError}` : ''}`,
      isError: r.status === 'FAILED',
    })),
    ...emails.map((m) => ({
      id: `email-${m.id}`,
      at: m.createdAt,
      source: 'email' as const,
      title: `email ${m.template} to ${m.toAddress}: ${m.status}`,
      detail: `${m.attempts} attempt(s)${m.lastError ? ` · ${m.lastError}` : ''}`,
      isError: m.status === 'FAILED' || m.status === 'BOUNCED' || m.status === 'COMPLAINED',
    })),
    ...flags.flatMap((f) => [
      {
        id: `flag-${f.id}`,
        at: f.raisedAt,
        source: 'flag' as const,
        title: `flag raised by ${f.source}: ${f.code}`,
        detail: f.message,
        isError: true,
      },
      ...(f.clearedAt
        ? [
            {
              id: `flag-cleared-${f.id}`,
              at: f.clearedAt,
              source: 'flag' as const,
              title: `flag cleared: ${f.code}`,
              detail: `by ${f.clearedBy ?? 'unknown'}`,
            },
          ]
        : []),
    ]),
    ...facts.map((e) => ({
      id: `lifecycle-${e.id}`,
      at: e.createdAt,
      source: 'lifecycle' as const,
      title: e.name,
      detail: e.key,
    })),
  ]
  return items.sort((a, b) => a.at.getTime() - b.at.getTime())
}

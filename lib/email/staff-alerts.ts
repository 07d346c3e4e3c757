import 'server-only'
import type { Db, DbTx } from '@/lib/db'
import { env } from '@/lib/env'
import { queueEmail } from './queue-email'

// Staff alerts go out as 'staff-alert' emails through the same queue as every other email. A storm of failures
// must not become a storm of emails: each topic gets at most one alert per 15-minute window, enforced by the
// email's idempotency key (topic + window number), so concurrent failures cannot both send.
export const ALERT_WINDOW_MINUTES = 15

export const alertWindow = (now: Date) => Math.floor(now.getTime() / (ALERT_WINDOW_MINUTES * 60_000))

export type StaffAlert = {
  /** what the alert is about, e.g. `job/send-email` or `integration/resend/calls`; one alert per topic and window */
  topic: string
  title: string
  details: string
  /** admin path to open, e.g. /admin/jobs */
  adminPath: string
  now?: Date
  /** one alert per topic per this many minutes (default ALERT_WINDOW_MINUTES) */
  windowMinutes?: number
}

export async function queueStaffAlert(tx: DbTx, alert: StaffAlert) {
  const now = alert.now ?? new Date()
  const windowMinutes = alert.windowMinutes ?? ALERT_WINDOW_MINUTES
  return queueEmail(tx, {
    template: 'staff-alert',
    to: env.STAFF_ALERT_EMAIL,
    // the staff panel speaks English
    locale: 'en',
    idempotencyKey:
      windowMinutes === ALERT_WINDOW_MINUTES
        ? `alert/${alert.topic}/${alertWindow(now)}`
        : `alert/${alert.topic}/${windowMinutes}m/${Math.floor(now.getTime() / (windowMinutes * 60_000))}`,
    props: {
      title: alert.title.slice(0, 150),
      details: `${alert.details.slice(0, 3000)}\n\nFurther alerts about this are held back for ${windowMinutes} minutes.`,
      adminUrl: `${env.APP_URL}${alert.adminPath}`,
    },
  })
}

/** Called by the job runner when a job lands on the dead-letter list, inside the transaction that records it. */
export async function alertDeadJob(
  tx: DbTx,
  job: { taskName: string; error: string; attempts: number; isPermanent: boolean; orderId?: string | null },
) {
  return queueStaffAlert(tx, {
    topic: `job/${job.taskName}`,
    title: `Job ${job.taskName} failed for good`,
    details: [
      `Task: ${job.taskName}`,
      `${job.isPermanent ? 'Permanent error' : 'Retries exhausted'} after ${job.attempts} attempt(s): ${job.error}`,
      job.orderId ? `Order: ${env.APP_URL}/admin/orders/${job.orderId}` : '',
    ]
      .filter(Boolean)
      .join('\n'),
    adminPath: '/admin/jobs',
  })
}

export const HEALTH_THRESHOLDS = { windowMinutes: 15, failedCalls: 5, refusedWebhooks: 3 }

/**
 * Alerts staff when an integration keeps failing: at least `failedCalls` failed outbound calls to one provider, or
 * `refusedWebhooks` refused inbound deliveries from one provider, within the window. Run every few minutes (cron).
 */
export async function checkIntegrationHealth(db: Db, now = new Date(), t = HEALTH_THRESHOLDS) {
  const since = new Date(now.getTime() - t.windowMinutes * 60_000)
  const [calls, refused] = await Promise.all([
    db.providerCall.groupBy({
      by: ['provider'],
      where: { isOk: false, createdAt: { gte: since } },
      _count: { _all: true },
      _max: { createdAt: true },
    }),
    // the refusal counters count every refused delivery (webhook_events keeps only a few samples of them)
    db.webhookRefusalCount.groupBy({
      by: ['provider'],
      where: { minute: { gte: new Date(Math.floor(since.getTime() / 60_000) * 60_000) } },
      _sum: { count: true },
    }),
  ])
  const alerts: StaffAlert[] = []
  for (const c of calls) {
    if (c._count._all < t.failedCalls) continue
    const last = await db.providerCall.findFirst({
      where: { provider: c.provider, isOk: false, createdAt: { gte: since } },
      orderBy: { createdAt: 'desc' },
      select: { operation: true, httpStatus: true, error: true },
    })
    alerts.push({
      topic: `integration/${c.provider}/calls`,
      title: `${c.provider} keeps failing`,
      details: `${c._count._all} failed calls to ${c.provider} in the last ${t.windowMinutes} minutes.\nLast: ${last?.operation} ${last?.httpStatus ?? 'no answer'}: ${last?.error ?? ''}`,
      adminPath: '/admin/jobs',
      now,
    })
  }
  for (const r of refused) {
    const n = r._sum.count ?? 0
    if (n < t.refusedWebhooks) continue
    alerts.push({
      topic: `integration/${r.provider}/webhooks`,
      title: `${r.provider} webhooks are being refused`,
      details: `${n} ${r.provider} webhook deliveries failed verification in the last ${t.windowMinutes} minutes (forged, stale, or a wrong signing secret).`,
      adminPath: `/admin/webhooks?provider=${r.provider}&status=REFUSED`,
      now,
    })
  }
  if (alerts.length === 0) return { alerts: 0 }
  const queued = await db.$transaction(async (tx) => {
    let n = 0
    for (const a of alerts) if ((await queueStaffAlert(tx, a)).isNew) n++
    return n
  })
  return { alerts: queued }
}

import type { Db } from '@/lib/db'
import { AppError } from '@/lib/errors'
import { adapters } from '@/lib/intake/adapters'
import { PROCESS_TASK } from '@/lib/intake/store'
import { enqueueJob } from '@/lib/jobs/enqueue'

/**
 * Staff "reprocess": runs a stored event through its processing job once more. Safe by construction: handlers
 * re-fetch provider state and apply idempotent transitions, so reprocessing can only confirm the current truth.
 */
export async function reprocessWebhookEvent(db: Db, webhookEventId: string) {
  await db.$transaction(async (tx) => {
    const ev = await tx.webhookEvent.findUnique({ where: { id: webhookEventId } })
    if (!ev) throw new AppError('NOT_FOUND', 'Event not found.')
    if (ev.status === 'REFUSED')
      throw new AppError('VALIDATION', 'A refused (unverified) delivery cannot be processed.')
    if (!Object.hasOwn(adapters, ev.provider) && ev.source === 'webhook')
      throw new AppError('VALIDATION', `No intake for ${ev.provider} events.`)
    await tx.webhookEvent.update({ where: { id: ev.id }, data: { status: 'RECEIVED', processedAt: null } })
    await enqueueJob(
      tx,
      PROCESS_TASK,
      { webhookEventId: ev.id },
      {
        jobKey: `${ev.provider}/event/${ev.id}/reprocess/${Date.now()}`,
      },
    )
  })
}

export const WEBHOOK_EVENTS_PER_PAGE = 50

export async function listWebhookEvents(
  db: Db,
  filter: { provider?: string; status?: string; page?: number },
) {
  const page = Math.max(1, filter.page ?? 1)
  const where = {
    ...(filter.provider ? { provider: filter.provider } : {}),
    ...(filter.status ? { status: filter.status as never } : {}),
  }
  const [items, total] = await Promise.all([
    db.webhookEvent.findMany({
      where,
      orderBy: { receivedAt: 'desc' },
      skip: (page - 1) * WEBHOOK_EVENTS_PER_PAGE,
      take: WEBHOOK_EVENTS_PER_PAGE,
      include: { attempts: { orderBy: { createdAt: 'desc' }, take: 1 } },
    }),
    db.webhookEvent.count({ where }),
  ])
  return { items, total, page, pageCount: Math.max(1, Math.ceil(total / WEBHOOK_EVENTS_PER_PAGE)) }
}

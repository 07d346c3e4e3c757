import type { Db } from '@/lib/db'
import { AppError } from '@/lib/errors'
import { isTaskName } from './definitions'
import { enqueueJob } from './enqueue'

export const FAILURES_PER_PAGE = 30

export async function listJobFailures(db: Db, opts: { page: number; includeRetried?: boolean }) {
  const page = Math.max(1, opts.page || 1)
  const where = opts.includeRetried ? {} : { retriedAt: null }
  const [items, total] = await Promise.all([
    db.jobFailure.findMany({
      where,
      orderBy: { createdAt: 'desc' },
      skip: (page - 1) * FAILURES_PER_PAGE,
      take: FAILURES_PER_PAGE,
    }),
    db.jobFailure.count({ where }),
  ])
  return { items, total, page, pageCount: Math.max(1, Math.ceil(total / FAILURES_PER_PAGE)) }
}

/** Staff retry of a dead job: enqueue it again (same payload) and mark the failure retried, in one transaction. */
export async function retryJobFailure(db: Db, failureId: string) {
  await db.$transaction(async (tx) => {
    const claimed = await tx.jobFailure.updateMany({
      where: { id: failureId, retriedAt: null },
      data: { retriedAt: new Date() },
    })
    if (claimed.count === 0) throw new AppError('CONFLICT', 'This failure was already retried.')
    const f = await tx.jobFailure.findUniqueOrThrow({ where: { id: failureId } })
    if (!isTaskName(f.taskName)) throw new AppError('VALIDATION', `Unknown task ${f.taskName}.`)
    await enqueueJob(tx, f.taskName, f.payload as never, { jobKey: f.jobKey ?? undefined })
  })
}

/** Jobs graphile-worker still holds that have failed at least once (waiting for a retry or out of attempts). */
export async function listFailingJobs(db: Db) {
  return db.$queryRaw<
    {
      id: string
      task_identifier: string
      attempts: number
      max_attempts: number
      last_error: string | null
      run_at: Date
    }[]
  >`SELECT id::text, task_identifier, attempts, max_attempts, last_error, run_at
    FROM graphile_worker.jobs WHERE last_error IS NOT NULL ORDER BY run_at DESC LIMIT 50`
}

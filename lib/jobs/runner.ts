import 'server-only'
import type { JobHelpers, Task, TaskList } from 'graphile-worker'
import type { Prisma } from '@/generated/prisma/client'
import type { Db } from '@/lib/db'
import { alertDeadJob } from '@/lib/email/staff-alerts'
import { isAppError } from '@/lib/errors'
import { logger } from '@/lib/logger'
import type { TaskContext } from './define'
import { type TaskName, taskDefinitions } from './definitions'
import { taskHandlers } from './handlers'

/**
 * Wraps every handler: the payload is parsed with the task's zod schema (a bad payload can never succeed, so it
 * goes straight to the dead-letter list without retries); permanent errors (AppError with isRetryable=false) too;
 * anything else is rethrown so graphile-worker retries with exponential backoff, and the last failed attempt is
 * recorded on the dead-letter list staff see in /admin/jobs.
 */
export function buildTaskList(db: Db, handlers = taskHandlers): TaskList {
  const list: TaskList = {}
  for (const name of Object.keys(taskDefinitions) as TaskName[]) {
    list[name] = wrap(db, name, handlers[name] as (p: unknown, ctx: TaskContext) => Promise<unknown>)
  }
  return list
}

function wrap(db: Db, name: TaskName, handler: (p: unknown, ctx: TaskContext) => Promise<unknown>): Task {
  const def = taskDefinitions[name]
  return async (rawPayload: unknown, helpers: JobHelpers) => {
    const job = helpers.job
    const log = logger.child({ task: name, jobId: job.id, attempt: job.attempts })
    const parsed = def.schema.safeParse(rawPayload)
    if (!parsed.success) {
      log.error({ issues: parsed.error.issues }, 'job payload invalid; not retried')
      await recordFailure(db, name, job, rawPayload, `invalid payload: ${parsed.error.message}`, true)
      return
    }
    const started = Date.now()
    try {
      const result = await handler(parsed.data, {
        jobId: String(job.id),
        attempt: job.attempts,
        maxAttempts: job.max_attempts,
        log: (msg) => log.info(msg),
      })
      log.info({ ms: Date.now() - started, result }, 'job done')
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      if (isAppError(err) && !err.isRetryable) {
        log.error({ err: message, code: err.code }, 'job failed permanently; not retried')
        await recordFailure(db, name, job, parsed.data, message, true)
        return
      }
      if (job.attempts >= job.max_attempts) {
        log.error({ err: message }, 'job failed on its last attempt')
        await recordFailure(db, name, job, parsed.data, message, false)
      } else log.warn({ err: message }, 'job failed; will retry with backoff')
      throw err
    }
  }
}

async function recordFailure(
  db: Db,
  taskName: string,
  job: JobHelpers['job'],
  payload: unknown,
  error: string,
  isPermanent: boolean,
) {
  const orderId = (payload as { orderId?: unknown } | null)?.orderId
  const data = {
    taskName,
    jobKey: job.key ?? null,
    payload: (payload ?? {}) as Prisma.InputJsonValue,
    error: error.slice(0, 4000),
    attempts: job.attempts,
    isPermanent,
    orderId: typeof orderId === 'string' && /^[0-9a-f-]{36}$/i.test(orderId) ? orderId : null,
  }
  await db.jobFailure.create({ data })
  // at most one alert per task per 15 minutes; queued on its own so that it can never cost the dead letter itself
  await db
    .$transaction((tx) => alertDeadJob(tx, data))
    .catch((err: unknown) => logger.error({ err }, 'could not queue the staff alert for a dead job'))
}

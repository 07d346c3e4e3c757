import type { DbTx } from '@/lib/db'
import { type TaskName, type TaskPayload, taskDefinitions } from './definitions'

export type EnqueueOptions = {
  /** de-duplicates pending jobs: a second add with the same key keeps the first job (and its run time) */
  jobKey?: string
  runAt?: Date
  priority?: number
}

/**
 * Transactional outbox: adds the job through graphile_worker.add_job on the caller's transaction, so the job exists
 * if and only if the state change that caused it commits. Pass the Prisma transaction, never the bare client,
 * when the job belongs to a state change.
 */
export async function enqueueJob<N extends TaskName>(
  tx: DbTx,
  name: N,
  payload: TaskPayload<N>,
  opts: EnqueueOptions = {},
): Promise<void> {
  const def = taskDefinitions[name]
  const parsed = def.schema.parse(payload)
  await tx.$executeRaw`SELECT graphile_worker.add_job(
    ${name}::text,
    ${JSON.stringify(parsed)}::json,
    queue_name := ${def.queueName ?? null}::text,
    run_at := ${opts.runAt ?? null}::timestamptz,
    max_attempts := ${def.maxAttempts}::int,
    job_key := ${opts.jobKey ?? null}::text,
    priority := ${opts.priority ?? 0}::int,
    job_key_mode := 'preserve_run_at'
  )`
}

import type { Db, DbTx } from '@/lib/db'
import { AppError } from '@/lib/errors'
import { enqueueJob } from '@/lib/jobs/enqueue'
import { currentWarsawMonth, type TMonth, ZMonth } from './month'

export type TExportTrigger = 'scheduled' | 'manual' | 'changed'

/**
 * Starts a new version of the month's export (RUNNING) and queues its build in the same transaction. While one
 * version of the month is running, asking again returns that one instead of starting a second.
 */
export async function requestAccountingExport(
  db: Db | DbTx,
  input: { month: string; trigger: TExportTrigger; requestedBy?: string | null; now?: Date },
): Promise<{ exportId: string; version: number; isNew: boolean }> {
  const month: TMonth = ZMonth.parse(input.month)
  const now = input.now ?? new Date()
  if (month > currentWarsawMonth(now)) {
    throw new AppError('VALIDATION', `${month} has not started yet`, { isRetryable: false })
  }
  const run = async (tx: DbTx) => {
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`accounting-export-month/${month}`}))::text`
    const running = await tx.accountingExport.findFirst({ where: { month, status: 'RUNNING' } })
    if (running) return { exportId: running.id, version: running.version, isNew: false }
    const last = await tx.accountingExport.aggregate({ where: { month }, _max: { version: true } })
    const version = (last._max.version ?? 0) + 1
    const exp = await tx.accountingExport.create({
      data: { month, version, trigger: input.trigger, requestedBy: input.requestedBy ?? null },
      select: { id: true },
    })
    await tx.accountingExportProgress.create({ data: { exportId: exp.id } })
    await enqueueJob(
      tx,
      'build-accounting-export',
      { exportId: exp.id },
      { jobKey: `accounting-export/${exp.id}` },
    )
    return { exportId: exp.id, version, isNew: true }
  }
  return '$transaction' in db ? db.$transaction(run) : run(db)
}

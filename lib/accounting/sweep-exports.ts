import type { Db } from '@/lib/db'
import { lastClosedMonth, previousMonth, type TMonth } from './month'
import { monthFingerprint } from './read-month'
import { requestAccountingExport } from './request-export'

/** How far back a changed month still gets a new version automatically (older ones: "Generate now"). */
export const SWEEP_MONTHS_BACK = 24

/**
 * The scheduled job (daily; see worker/index.ts). After a month closes it builds that month's first export; for
 * every month already exported it compares what the export was made from with the documents now (a correction of
 * an error recorded in that month, a KSeF number that arrived) and, when they differ, builds a new version marked
 * 'changed'. Every run is idempotent: nothing changed, nothing built.
 */
export async function sweepAccountingExports(db: Db, opts: { now?: Date } = {}) {
  const now = opts.now ?? new Date()
  const closed = lastClosedMonth(now)
  const started: { month: TMonth; version: number; trigger: string }[] = []
  const first = await db.accountingExport.findFirst({ where: { month: closed } })
  if (!first) {
    const r = await requestAccountingExport(db, { month: closed, trigger: 'scheduled', now })
    if (r.isNew) started.push({ month: closed, version: r.version, trigger: 'scheduled' })
  }
  let oldest = closed
  for (let i = 1; i < SWEEP_MONTHS_BACK; i++) oldest = previousMonth(oldest)
  const latest = await db.accountingExport.findMany({
    where: { month: { gte: oldest, lte: closed } },
    orderBy: [{ month: 'asc' }, { version: 'desc' }],
    distinct: ['month'],
  })
  for (const exp of latest) {
    if (exp.status !== 'READY') continue
    const { fingerprint } = await monthFingerprint(db, exp.month)
    if (fingerprint === exp.fingerprint) continue
    const r = await requestAccountingExport(db, { month: exp.month, trigger: 'changed', now })
    if (r.isNew) started.push({ month: exp.month, version: r.version, trigger: 'changed' })
  }
  return { started }
}

import 'server-only'
import type { Db, DbTx } from '@/lib/db'
import { type AuditEntry, recordAudit } from './record-audit'

export type AuditSpec = Omit<AuditEntry, 'before' | 'after'> & {
  /** read inside the transaction, before the change */
  before?: (tx: DbTx) => Promise<unknown>
  /** what changed; a function runs inside the transaction, after the change */
  after?: ((tx: DbTx) => Promise<unknown>) | Record<string, unknown> | null
}

/**
 * A database handle for one staff action whose domain function opens its own transaction (`cancelOrder(db, ...)`):
 * the first `$transaction(fn)` on it also reads `before`, then writes the audit entry after `fn`, in the same
 * transaction, so the entry commits exactly with the change. A domain function that never opens a transaction
 * gets its entry written by `finish()` right after it returns. Later transactions pass through unchanged.
 */
export function auditedDb(db: Db, spec: AuditSpec): { db: Db; finish: () => Promise<void> } {
  let isDone = false
  const write = async (tx: DbTx, before: unknown) => {
    const after = typeof spec.after === 'function' ? await spec.after(tx) : spec.after
    await recordAudit(tx, { ...spec, before, after })
    isDone = true
  }
  const proxied = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== '$transaction') {
        const v = Reflect.get(target, prop, receiver)
        return typeof v === 'function' ? v.bind(target) : v
      }
      return (arg: unknown, opts?: unknown) => {
        if (isDone || typeof arg !== 'function')
          return (target.$transaction as (a: unknown, o?: unknown) => unknown)(arg, opts)
        const fn = arg as (tx: DbTx) => Promise<unknown>
        return target.$transaction(async (tx) => {
          const before = spec.before ? await spec.before(tx) : undefined
          const result = await fn(tx)
          await write(tx, before)
          return result
        }, opts as never)
      }
    },
  })
  return {
    db: proxied,
    async finish() {
      if (isDone) return
      // the change is already made, so a `before` read now would show the result: leave it out
      await db.$transaction((tx) => write(tx, undefined))
    },
  }
}

/** Runs `fn` with an audited handle and makes sure the entry is written once it succeeded. */
export async function withAudit<R>(db: Db, spec: AuditSpec, fn: (db: Db) => Promise<R>): Promise<R> {
  const a = auditedDb(db, spec)
  const result = await fn(a.db)
  await a.finish()
  return result
}

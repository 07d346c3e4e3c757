import 'server-only'
import { Prisma } from '@/generated/prisma/client'
import type { Db } from '@/lib/db'

// Sign-in throttling, in PostgreSQL so it holds across any number of app instances. Each (scope, key) row counts
// hits: failed passwords for password sign-in, sent links for email sign-in. After `free` hits every further hit
// makes the next one wait baseDelayS * 2^n seconds; at `lockAt` hits the key is locked for lockMinutes, and every
// hit after that locks it again. A key forgets after `resetAfterMinutes` without hits. Numbers and the reasoning
// are in docs/decisions/014-sign-in-throttling.md.

export type ThrottlePolicy = {
  free: number
  baseDelayS: number
  lockAt: number
  lockMinutes: number
  resetAfterMinutes: number
}

export const POLICIES = {
  /** wrong passwords for one account, from anywhere */
  'password:account': { free: 5, baseDelayS: 1, lockAt: 10, lockMinutes: 15, resetAfterMinutes: 24 * 60 },
  /** wrong passwords from one client address, for any accounts */
  'password:ip': { free: 10, baseDelayS: 1, lockAt: 20, lockMinutes: 60, resetAfterMinutes: 24 * 60 },
  /** sign-in links one client address asks for, to any addresses */
  'link:ip': { free: 5, baseDelayS: 15, lockAt: 10, lockMinutes: 60, resetAfterMinutes: 60 },
  /** links to one address asked for from one client address */
  'link:pair': { free: 3, baseDelayS: 30, lockAt: 5, lockMinutes: 15, resetAfterMinutes: 15 },
  /** links to one address from all client addresses together (keeps a distributed flood out of one inbox) */
  'link:address': { free: 5, baseDelayS: 30, lockAt: 10, lockMinutes: 60, resetAfterMinutes: 60 },
} as const satisfies Record<string, ThrottlePolicy>

export type ThrottleScope = keyof typeof POLICIES
export type ThrottleKey = { scope: ThrottleScope; key: string }

export type HitResult =
  | { isAllowed: true; hits: number; isNewLock: boolean }
  | { isAllowed: false; retryAfterS: number; isLocked: boolean }

/** seconds the key must wait after its n-th hit (0 = none) */
export function waitAfter(p: ThrottlePolicy, hits: number): number {
  if (hits >= p.lockAt) return p.lockMinutes * 60
  if (hits <= p.free) return 0
  return p.baseDelayS * 2 ** (hits - p.free - 1)
}

/**
 * Counts one hit on the key unless it is blocked right now, in one statement (row-locked upsert), so concurrent
 * requests on any instances cannot slip past each other. Returns whether the request may go on.
 */
export async function hit(db: Db, k: ThrottleKey, now = new Date()): Promise<HitResult> {
  const p: ThrottlePolicy = POLICIES[k.scope]
  const resetBefore = new Date(now.getTime() - p.resetAfterMinutes * 60_000)
  const n = Prisma.sql`(CASE WHEN t.last_failure_at < ${resetBefore} THEN 1 ELSE t.failures + 1 END)`
  // the count, the wait it causes and the lock are written in the same statement as the check
  const rows = await db.$queryRaw<{ failures: number }[]>`
    INSERT INTO auth_throttles AS t (scope, key, failures, last_failure_at, blocked_until, locked_at, updated_at)
    VALUES (${k.scope}, ${k.key}, 1, ${now}, NULL, NULL, ${now})
    ON CONFLICT (scope, key) DO UPDATE SET
      failures = ${n},
      last_failure_at = ${now},
      updated_at = ${now},
      blocked_until = CASE
        WHEN ${n} >= ${p.lockAt} THEN ${now}::timestamptz + make_interval(mins => ${p.lockMinutes})
        WHEN ${n} > ${p.free} THEN ${now}::timestamptz
          + make_interval(secs => ${p.baseDelayS}::float8 * power(2, ${n} - ${p.free} - 1))
        ELSE NULL END,
      locked_at = CASE WHEN ${n} = ${p.lockAt} THEN ${now} WHEN ${n} < ${p.lockAt} THEN NULL ELSE t.locked_at END
    WHERE t.blocked_until IS NULL OR t.blocked_until <= ${now}
    RETURNING failures`
  const row = rows[0]
  if (!row) {
    const state = await db.authThrottle.findUniqueOrThrow({ where: { scope_key: k } })
    return {
      isAllowed: false,
      retryAfterS: Math.max(1, Math.ceil((state.blockedUntil!.getTime() - now.getTime()) / 1000)),
      isLocked: state.failures >= p.lockAt,
    }
  }
  return { isAllowed: true, hits: row.failures, isNewLock: row.failures === p.lockAt }
}

/** Takes one hit back (a password that turned out right must not count against its client address). */
export async function unhit(db: Db, k: ThrottleKey) {
  await db.$executeRaw`
    UPDATE auth_throttles SET failures = greatest(failures - 1, 0), blocked_until = NULL
    WHERE scope = ${k.scope} AND key = ${k.key} AND failures < ${POLICIES[k.scope].lockAt}`
}

export async function clear(db: Db, k: ThrottleKey) {
  await db.authThrottle.deleteMany({ where: { scope: k.scope, key: k.key } })
}

/** How long the key is blocked for (0 = not), without counting anything. */
export async function blockedFor(db: Db, k: ThrottleKey, now = new Date()) {
  const row = await db.authThrottle.findUnique({ where: { scope_key: k } })
  if (!row?.blockedUntil || row.blockedUntil <= now) return { retryAfterS: 0, isLocked: false }
  return {
    retryAfterS: Math.ceil((row.blockedUntil.getTime() - now.getTime()) / 1000),
    isLocked: row.failures >= POLICIES[k.scope].lockAt,
  }
}

/** Forgets keys nobody hit for longer than every reset period (called now and then from sign-in). */
export async function pruneThrottles(db: Db, now = new Date()) {
  const longest = Math.max(...Object.values(POLICIES).map((p) => p.resetAfterMinutes + p.lockMinutes))
  await db.authThrottle.deleteMany({
    where: { updatedAt: { lt: new Date(now.getTime() - longest * 60_000) } },
  })
}

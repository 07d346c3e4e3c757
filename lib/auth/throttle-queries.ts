import 'server-only'
import type { Db } from '@/lib/db'

/** Staff accounts whose password sign-in is locked right now: email -> until when. */
export async function listLockedAccounts(db: Db, now = new Date()): Promise<Map<string, Date>> {
  const rows = await db.authThrottle.findMany({
    where: { scope: 'password:account', lockedAt: { not: null }, blockedUntil: { gt: now } },
    select: { key: true, blockedUntil: true },
  })
  return new Map(rows.map((r) => [r.key, r.blockedUntil!]))
}

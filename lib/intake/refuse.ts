import { createHash } from 'node:crypto'
import type { Db } from '@/lib/db'
import { logger } from '@/lib/logger'

/** refused deliveries kept whole (claimed type, body hash and size) per provider, reason and minute */
export const REFUSAL_SAMPLES_PER_MINUTE = 3

/**
 * Records a refused delivery at bounded cost: one counter row per (provider, reason, minute) is incremented, and
 * only the first REFUSAL_SAMPLES_PER_MINUTE of each are kept as samples in webhook_events for staff. A flood of
 * forgeries therefore adds a handful of rows per minute, not one per request. Never stores the untrusted body.
 * One statement, one round trip.
 */
export async function recordRefusal(
  db: Db,
  provider: string,
  input: { reason: string; raw?: Buffer | null; claimedType?: string | null; bodyBytes?: number },
) {
  const reason = input.reason.slice(0, 200)
  const claimed = input.claimedType ?? (input.raw ? claimedTypeOf(input.raw) : null)
  const sample = {
    claimedType: claimed,
    bodySha256: input.raw ? createHash('sha256').update(input.raw).digest('hex') : null,
    bodyBytes: input.bodyBytes ?? input.raw?.length ?? null,
  }
  logger.warn({ provider, reason, ...sample }, 'webhook refused')
  await db.$executeRaw`
    WITH c AS (
      INSERT INTO webhook_refusal_counts (provider, reason, minute, count)
      VALUES (${provider}, ${reason}, date_trunc('minute', now()), 1)
      ON CONFLICT (provider, reason, minute) DO UPDATE SET count = webhook_refusal_counts.count + 1
      RETURNING count
    )
    INSERT INTO webhook_events (provider, event_id, type, status, source, payload, refusal_reason)
    SELECT ${provider}, NULL, ${claimed}, 'REFUSED', 'webhook', ${JSON.stringify(sample)}::jsonb, ${reason}
    FROM c WHERE c.count <= ${REFUSAL_SAMPLES_PER_MINUTE}`
}

/** What an untrusted body claims to be (for staff), from the usual `type` / `status` fields; never trusted. */
function claimedTypeOf(raw: Buffer): string | null {
  if (raw.length > 256 * 1024) return null
  try {
    const j = JSON.parse(raw.toString('utf8')) as { type?: unknown; order?: { status?: unknown } }
    const t =
      typeof j.type === 'string' ? j.type : typeof j.order?.status === 'string' ? j.order.status : null
    return t ? t.slice(0, 100) : null
  } catch {
    return null
  }
}

/** Refused deliveries per provider and reason over the last `minutes` (exact, from the counters). */
export async function refusalCounts(db: Db, minutes = 60) {
  const rows = await db.$queryRaw<{ provider: string; reason: string; n: bigint }[]>`
    SELECT provider, reason, sum(count)::bigint AS n FROM webhook_refusal_counts
    WHERE minute >= date_trunc('minute', now()) - make_interval(mins => ${minutes}::int)
    GROUP BY provider, reason ORDER BY n DESC`
  return rows.map((r) => ({ provider: r.provider, reason: r.reason, count: Number(r.n) }))
}

import 'server-only'
import { z } from 'zod'
import type { Prisma } from '@/generated/prisma/client'
import type { Db } from '@/lib/db'
import { verifyResendWebhook } from '@/lib/integrations/resend'
import { enqueueJob } from '@/lib/jobs/enqueue'
import { logger } from '@/lib/logger'
import { isDeliveryEvent } from './status'

// Inbound Resend delivery events: verify (svix) -> store once per svix-id + enqueue processing in one transaction
// -> 200. Refused deliveries are stored too (without an event id, which cannot be trusted) for staff.

const MAX_BODY_BYTES = 256 * 1024

export const ZResendEvent = z.object({
  type: z.string().max(100),
  created_at: z.string().max(100),
  data: z
    .object({
      email_id: z.string().max(200),
      created_at: z.string().max(100).optional(),
      message_id: z.string().max(500).optional(),
      tags: z.record(z.string(), z.string()).optional(),
      bounce: z
        .object({ type: z.string(), subType: z.string().optional(), message: z.string() })
        .partial()
        .optional(),
    })
    .passthrough(),
})
export type TResendEvent = z.infer<typeof ZResendEvent>

const maskAddress = (a: string) =>
  a.replace(
    /([^\s<>"@]{1,2})[^\s<>"@]*@([^\s<>"]+)/g,
    (_m, head: string, domain: string) => `${head}***@${domain}`,
  )

/** What staff may see of an event: type, ids, timestamps, tags, bounce classification; recipients masked. */
export function redactResendPayload(payload: unknown): Prisma.InputJsonValue {
  if (!payload || typeof payload !== 'object') return { unparseable: true }
  const p = payload as Record<string, unknown>
  const d = (p.data && typeof p.data === 'object' ? p.data : {}) as Record<string, unknown>
  const str = (v: unknown, max = 200) => (typeof v === 'string' ? v.slice(0, max) : undefined)
  const bounce = d.bounce && typeof d.bounce === 'object' ? (d.bounce as Record<string, unknown>) : null
  const tags =
    d.tags && typeof d.tags === 'object' && !Array.isArray(d.tags)
      ? Object.fromEntries(
          Object.entries(d.tags as Record<string, unknown>)
            .filter(([, v]) => typeof v === 'string')
            .slice(0, 10)
            .map(([k, v]) => [k.slice(0, 100), (v as string).slice(0, 200)]),
        )
      : undefined
  const out = {
    type: str(p.type, 100),
    created_at: str(p.created_at, 100),
    data: {
      email_id: str(d.email_id),
      created_at: str(d.created_at, 100),
      message_id: str(d.message_id, 500),
      to: Array.isArray(d.to)
        ? d.to.filter((a) => typeof a === 'string').map((a) => maskAddress(a))
        : undefined,
      tags,
      bounce: bounce
        ? {
            type: str(bounce.type),
            subType: str(bounce.subType),
            message: maskAddress(str(bounce.message, 300) ?? ''),
          }
        : undefined,
    },
  }
  return JSON.parse(JSON.stringify(out)) as Prisma.InputJsonValue
}

const tryJson = (raw: string): unknown => {
  try {
    return JSON.parse(raw)
  } catch {
    return null
  }
}

export type WebhookAnswer = { status: number; body: Record<string, unknown> }

export async function receiveResendWebhook(
  db: Db,
  input: { rawBody: string; headers: Headers },
): Promise<WebhookAnswer> {
  const refuse = async (reason: string, status = 400): Promise<WebhookAnswer> => {
    const claimed = tryJson(input.rawBody.slice(0, MAX_BODY_BYTES)) as { type?: unknown } | null
    await db.webhookEvent.create({
      data: {
        provider: 'resend',
        eventId: null,
        type: typeof claimed?.type === 'string' ? claimed.type.slice(0, 100) : null,
        status: 'REFUSED',
        payload: redactResendPayload(claimed),
        refusalReason: reason.slice(0, 500),
      },
    })
    logger.warn({ provider: 'resend', reason }, 'webhook refused')
    return { status, body: { error: 'refused', reason } }
  }

  if (Buffer.byteLength(input.rawBody) > MAX_BODY_BYTES) return refuse('payload too large', 413)
  const verified = verifyResendWebhook(input.rawBody, input.headers)
  if (!verified.ok) return refuse(verified.reason)

  const parsed = ZResendEvent.safeParse(verified.payload)
  // an authentic event we cannot read: keep it for staff, and answer 200 (a redelivery would not read better)
  const isKnown = parsed.success && isDeliveryEvent(parsed.data.type)
  const type = parsed.success ? parsed.data.type : 'unreadable'
  const eventId = verified.svixId.slice(0, 200)
  const inserted = await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO webhook_events (provider, event_id, type, status, source, payload, processed_at)
      VALUES ('resend', ${eventId}, ${type}, ${isKnown ? 'RECEIVED' : 'IGNORED'}::"WebhookEventStatus", 'webhook',
              ${JSON.stringify(redactResendPayload(verified.payload))}::jsonb, ${isKnown ? null : new Date()})
      ON CONFLICT (provider, event_id) DO NOTHING
      RETURNING id::text`
    const id = rows[0]?.id
    if (id && isKnown)
      await enqueueJob(tx, 'process-resend-event', { webhookEventId: id }, { jobKey: `webhook/resend/${id}` })
    return id
  })
  return { status: 200, body: { received: true, duplicate: !inserted } }
}

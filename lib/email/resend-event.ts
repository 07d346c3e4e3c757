import { z } from 'zod'
import type { Prisma } from '@/generated/prisma/client'

// The Resend delivery event's wire format and its redaction (the intake's adapter is lib/intake/adapters/resend.ts).

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

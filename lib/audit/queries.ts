import 'server-only'
import { z } from 'zod'
import type { Prisma } from '@/generated/prisma/client'
import type { Db } from '@/lib/db'

export const AUDIT_PAGE_SIZE = 50

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined)

export const ZAuditFilter = z.object({
  actor: z.string().trim().max(254).optional().catch(undefined),
  action: z.string().trim().max(60).optional().catch(undefined),
  /** YYYY-MM-DD, inclusive, UTC */
  from: day,
  to: day,
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
})
export type TAuditFilter = z.infer<typeof ZAuditFilter>

export async function listAuditEntries(db: Db, filter: TAuditFilter) {
  const where: Prisma.AuditLogWhereInput = {
    ...(filter.actor ? { actorEmail: filter.actor.toLowerCase() } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.from || filter.to
      ? {
          at: {
            ...(filter.from ? { gte: new Date(`${filter.from}T00:00:00Z`) } : {}),
            ...(filter.to ? { lt: new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + 86_400_000) } : {}),
          },
        }
      : {}),
  }
  const [total, items, actors] = await Promise.all([
    db.auditLog.count({ where }),
    db.auditLog.findMany({
      where,
      orderBy: { id: 'desc' },
      skip: (filter.page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
    }),
    db.auditLog.findMany({
      distinct: ['actorEmail'],
      select: { actorEmail: true },
      orderBy: { actorEmail: 'asc' },
    }),
  ])
  return {
    items,
    total,
    page: filter.page,
    pageCount: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
    actors: actors.map((a) => a.actorEmail),
  }
}

import 'server-only'
import type { Prisma } from '@/generated/prisma/client'
import type { Db, DbTx } from '@/lib/db'

// Every staff action writes one audit entry in the transaction of the change it describes, so an entry exists
// exactly when the change committed. The table is append-only (a trigger refuses UPDATE and DELETE).

export type AuditActor = { userId: string | null; email: string; role: string }
export type AuditTarget = { type: string; id?: string | null }
export type AuditEntry = {
  actor: AuditActor
  /** verb-ish name, e.g. 'refund.create' (see AUDIT_ACTIONS) */
  action: AuditAction
  target: AuditTarget
  before?: unknown
  after?: unknown
}

/** Every action name the log uses; the /admin/audit filter lists these. */
export const AUDIT_ACTIONS = [
  'order.cancel',
  'order.buyer_update',
  'order.invoice_retry',
  'refund.create',
  'email.resend',
  'job.retry',
  'webhook.reprocess',
  'reconciliation.run',
  'settings.update',
  'security.update',
  'staff.create',
  'staff.role_change',
  'staff.disable',
  'staff.enable',
  'staff.unlock',
  'auth.password_change',
  'auth.totp_enable',
  'auth.totp_disable',
  'auth.recovery_codes',
  'product.update',
  'price.update',
  'inbox.reply',
  'inbox.link',
  'shipment.create',
  'shipment.cancel',
  'shipping_method.update',
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number] | (string & {})

const json = (v: unknown) =>
  v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue)

export async function recordAudit(tx: DbTx | Db, entry: AuditEntry) {
  await tx.auditLog.create({
    data: {
      actorId: entry.actor.userId,
      actorEmail: entry.actor.email,
      actorRole: entry.actor.role,
      action: entry.action,
      targetType: entry.target.type,
      targetId: entry.target.id ?? null,
      before: json(entry.before),
      after: json(entry.after),
    },
  })
}

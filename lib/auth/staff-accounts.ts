import 'server-only'
import { z } from 'zod'
import { type AuditActor, recordAudit } from '@/lib/audit/record-audit'
import type { Db, DbTx } from '@/lib/db'
import { AppError } from '@/lib/errors'
import { hashPassword } from './password'
import { STAFF_ROLES } from './permissions'

// Staff accounts and their roles, managed by an owner. Every change writes its audit entry in its own transaction.
// There is always at least one active owner, so nobody can lock the shop out of its own settings.

export const MIN_PASSWORD_LENGTH = 12

export const ZStaffRole = z.enum(STAFF_ROLES)
export const ZNewPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(200, 'at most 200 characters')

export const ZCreateStaff = z.object({
  email: z
    .email('enter a valid email address')
    .max(254)
    .transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1, 'required').max(120),
  role: ZStaffRole,
  password: ZNewPassword,
})
export type TCreateStaff = z.input<typeof ZCreateStaff>

export async function listStaff(db: Db) {
  return db.user.findMany({
    where: { role: { in: [...STAFF_ROLES] } },
    orderBy: [{ role: 'asc' }, { email: 'asc' }],
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      disabledAt: true,
      totpEnabledAt: true,
      createdAt: true,
    },
  })
}

export async function createStaffAccount(db: Db, input: TCreateStaff, actor: AuditActor) {
  const data = ZCreateStaff.parse(input)
  const passwordHash = await hashPassword(data.password)
  return db.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email: data.email }, select: { role: true } })
    if (existing)
      throw new AppError('CONFLICT', 'An account with this email already exists.', {
        fieldErrors: { email: ['an account with this email already exists'] },
      })
    const user = await tx.user.create({
      data: { email: data.email, name: data.name, role: data.role, passwordHash },
      select: { id: true, email: true, name: true, role: true },
    })
    await recordAudit(tx, {
      actor,
      action: 'staff.create',
      target: { type: 'user', id: user.id },
      after: user,
    })
    return user
  })
}

async function lockStaffRow(tx: DbTx, userId: string) {
  const [row] = await tx.$queryRaw<{ id: string; email: string; role: string; disabled_at: Date | null }[]>`
    SELECT id, email, role::text AS role, disabled_at FROM users WHERE id = ${userId}::uuid FOR UPDATE`
  if (!row || !(STAFF_ROLES as readonly string[]).includes(row.role))
    throw new AppError('NOT_FOUND', 'Staff account not found.')
  return row
}

/** Refuses a change that would leave no active owner (owners are locked first, so two owners demoting each other at once cannot both pass). */
async function assertAnotherOwner(tx: DbTx, userId: string) {
  const owners = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM users WHERE role = 'OWNER' AND disabled_at IS NULL ORDER BY id FOR UPDATE`
  if (!owners.some((o) => o.id !== userId))
    throw new AppError('CONFLICT', 'The shop needs at least one active owner: make someone else owner first.')
}

export async function changeStaffRole(
  db: Db,
  input: { userId: string; role: z.input<typeof ZStaffRole> },
  actor: AuditActor,
) {
  const role = ZStaffRole.parse(input.role)
  return db.$transaction(async (tx) => {
    const row = await lockStaffRow(tx, input.userId)
    if (row.role === role) return { changed: false }
    if (row.role === 'OWNER' && !row.disabled_at) await assertAnotherOwner(tx, row.id)
    await tx.user.update({ where: { id: row.id }, data: { role } })
    await recordAudit(tx, {
      actor,
      action: 'staff.role_change',
      target: { type: 'user', id: row.id },
      before: { email: row.email, role: row.role },
      after: { email: row.email, role },
    })
    return { changed: true }
  })
}

/** Revokes (or restores) a staff member's access; revoking also ends their sessions at once. */
export async function setStaffAccess(
  db: Db,
  input: { userId: string; isDisabled: boolean },
  actor: AuditActor,
) {
  return db.$transaction(async (tx) => {
    const row = await lockStaffRow(tx, input.userId)
    if (!!row.disabled_at === input.isDisabled) return { changed: false }
    if (input.isDisabled && row.role === 'OWNER') await assertAnotherOwner(tx, row.id)
    await tx.user.update({
      where: { id: row.id },
      data: input.isDisabled
        ? { disabledAt: new Date(), sessionVersion: { increment: 1 } }
        : { disabledAt: null },
    })
    await recordAudit(tx, {
      actor,
      action: input.isDisabled ? 'staff.disable' : 'staff.enable',
      target: { type: 'user', id: row.id },
      before: { email: row.email, disabled: !!row.disabled_at },
      after: { email: row.email, disabled: input.isDisabled },
    })
    return { changed: true }
  })
}

export async function getSecuritySettings(db: Db | DbTx) {
  return (await db.securitySettings.findUnique({ where: { id: 1 } })) ?? { id: 1, requireStaffTotp: false }
}

export async function setRequireStaffTotp(db: Db, isRequired: boolean, actor: AuditActor) {
  return db.$transaction(async (tx) => {
    const before = await getSecuritySettings(tx)
    await tx.securitySettings.upsert({
      where: { id: 1 },
      create: { id: 1, requireStaffTotp: isRequired },
      update: { requireStaffTotp: isRequired },
    })
    await recordAudit(tx, {
      actor,
      action: 'security.update',
      target: { type: 'security_settings', id: '1' },
      before: { requireStaffTotp: before.requireStaffTotp },
      after: { requireStaffTotp: isRequired },
    })
  })
}

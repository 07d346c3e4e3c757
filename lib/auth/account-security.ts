import 'server-only'
import { createHmac, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import { type AuditActor, recordAudit } from '@/lib/audit/record-audit'
import type { Db } from '@/lib/db'
import { env } from '@/lib/env'
import { AppError } from '@/lib/errors'
import { hashPassword, verifyPassword } from './password'
import { getSecuritySettings, ZNewPassword } from './staff-accounts'
import {
  checkTotpCode,
  newRecoveryCodes,
  newTotpSecret,
  sealTotpSecret,
  totpQrSvg,
  totpUri,
  unsealTotpSecret,
} from './totp'

// A staff member's own sign-in security: password, TOTP enrolment, recovery codes. Every change is audited.

/** Proof that the server (not a browser calling next-auth's session endpoint) moved a session to version `sv`. */
export function sessionVersionProof(userId: string, sv: number): string {
  return createHmac('sha256', env.AUTH_SECRET).update(`session-version:${userId}:${sv}`).digest('base64url')
}

export function isSessionVersionProof(userId: string, sv: number, proof: unknown): boolean {
  if (typeof proof !== 'string') return false
  const want = Buffer.from(sessionVersionProof(userId, sv))
  const got = Buffer.from(proof)
  return want.length === got.length && timingSafeEqual(want, got)
}

export const ZChangePassword = z.object({
  current: z.string().min(1, 'required').max(200),
  next: ZNewPassword,
})

/** Changes the password and bumps the session version: every session of the account ends except the caller's,
 * which the action moves to the new version (see sessionVersionProof). */
export async function changePassword(
  db: Db,
  input: { userId: string } & z.input<typeof ZChangePassword>,
  actor: AuditActor,
): Promise<{ sessionVersion: number }> {
  const data = ZChangePassword.parse(input)
  const user = await db.user.findUniqueOrThrow({ where: { id: input.userId } })
  if (!user.passwordHash || !(await verifyPassword(data.current, user.passwordHash)))
    throw new AppError('VALIDATION', 'The current password is not right.', {
      fieldErrors: { current: ['not right'] },
    })
  if (data.next === data.current)
    throw new AppError('VALIDATION', 'Choose a new password.', {
      fieldErrors: { next: ['same as the current one'] },
    })
  const passwordHash = await hashPassword(data.next)
  return db.$transaction(async (tx) => {
    const updated = await tx.user.update({
      where: { id: user.id },
      data: { passwordHash, sessionVersion: { increment: 1 } },
      select: { sessionVersion: true },
    })
    await recordAudit(tx, {
      actor,
      action: 'auth.password_change',
      target: { type: 'user', id: user.id },
      after: { email: user.email, otherSessionsEnded: true },
    })
    return updated
  })
}

/** Starts (or restarts) enrolment: a new secret, kept until confirmed with a code. */
export async function startTotpEnrolment(db: Db, userId: string) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } })
  if (user.totpEnabledAt) throw new AppError('CONFLICT', 'Two-factor sign-in is already on.')
  const secret = newTotpSecret()
  await db.user.update({
    where: { id: userId },
    data: { totpSecret: sealTotpSecret(secret), totpLastStep: null },
  })
  return enrolmentView(user.email, secret)
}

/** The pending enrolment (after a reload), or null. */
export async function pendingTotpEnrolment(db: Db, userId: string) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } })
  if (user.totpEnabledAt || !user.totpSecret) return null
  const secret = unsealTotpSecret(user.totpSecret)
  return secret ? enrolmentView(user.email, secret) : null
}

async function enrolmentView(email: string, secret: string) {
  const uri = totpUri(email, secret)
  // the key in groups of four, for typing it in by hand
  return { secret: secret.replace(/(.{4})/g, '$1 ').trim(), uri, qrSvg: await totpQrSvg(uri) }
}

/** Confirms enrolment with a code from the app; returns the recovery codes (shown once). */
export async function confirmTotpEnrolment(
  db: Db,
  input: { userId: string; code: string },
  actor: AuditActor,
) {
  const user = await db.user.findUniqueOrThrow({ where: { id: input.userId } })
  const secret = user.totpSecret && !user.totpEnabledAt ? unsealTotpSecret(user.totpSecret) : null
  if (!secret) throw new AppError('CONFLICT', 'Start the set-up again.')
  const step = await checkTotpCode(secret, input.code, null)
  if (step === null)
    throw new AppError('VALIDATION', 'That code is not right; check the time on your phone.', {
      fieldErrors: { code: ['not right'] },
    })
  const { codes, hashes } = newRecoveryCodes()
  await db.$transaction(async (tx) => {
    const n = await tx.user.updateMany({
      where: { id: user.id, totpEnabledAt: null },
      data: { totpEnabledAt: new Date(), totpLastStep: step, recoveryCodeHashes: hashes },
    })
    if (n.count !== 1) throw new AppError('CONFLICT')
    await recordAudit(tx, {
      actor,
      action: 'auth.totp_enable',
      target: { type: 'user', id: user.id },
      before: { totp: false },
      after: { totp: true, recoveryCodes: hashes.length },
    })
  })
  return { recoveryCodes: codes }
}

export async function disableTotp(db: Db, input: { userId: string; password: string }, actor: AuditActor) {
  const user = await db.user.findUniqueOrThrow({ where: { id: input.userId } })
  if (!user.totpEnabledAt) return
  if ((await getSecuritySettings(db)).requireStaffTotp)
    throw new AppError('FORBIDDEN', 'The owner requires two-factor sign-in for every staff account.')
  if (!user.passwordHash || !(await verifyPassword(input.password, user.passwordHash)))
    throw new AppError('VALIDATION', 'The password is not right.', {
      fieldErrors: { password: ['not right'] },
    })
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: { totpEnabledAt: null, totpSecret: null, totpLastStep: null, recoveryCodeHashes: [] },
    })
    await recordAudit(tx, {
      actor,
      action: 'auth.totp_disable',
      target: { type: 'user', id: user.id },
      before: { totp: true },
      after: { totp: false },
    })
  })
}

export async function regenerateRecoveryCodes(db: Db, userId: string, actor: AuditActor) {
  const { codes, hashes } = newRecoveryCodes()
  await db.$transaction(async (tx) => {
    const n = await tx.user.updateMany({
      where: { id: userId, totpEnabledAt: { not: null } },
      data: { recoveryCodeHashes: hashes },
    })
    if (n.count !== 1) throw new AppError('CONFLICT', 'Turn on two-factor sign-in first.')
    await recordAudit(tx, {
      actor,
      action: 'auth.recovery_codes',
      target: { type: 'user', id: userId },
      after: { recoveryCodes: hashes.length },
    })
  })
  return { recoveryCodes: codes }
}

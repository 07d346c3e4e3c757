import 'server-only'
import { redirect } from 'next/navigation'
import { type Actor, getActor } from '@/lib/auth'
import { AppError } from '@/lib/errors'
import { can, isStaffRole, type Permission } from './permissions'

/**
 * For admin pages: `const actor = await requireStaffPage('/admin/orders', 'orders.read')`. Nobody signed in (or a
 * customer) is sent to sign in; a staff member without the permission gets /admin/forbidden.
 */
export async function requireStaffPage(
  path: string,
  permission: Permission,
  opts: { isEnrolmentPage?: boolean } = {},
): Promise<Actor> {
  const actor = await getActor()
  if (!actor || !isStaffRole(actor.role)) redirect(`/signin?callbackUrl=${encodeURIComponent(path)}`)
  if (actor.mustEnrolTotp && !opts.isEnrolmentPage) redirect('/admin/account?enrol=1')
  if (!can(actor.role, permission)) redirect(`/admin/forbidden?need=${encodeURIComponent(permission)}`)
  return actor
}

/** For code paths that are not pages or form actions: throws UNAUTHORIZED / FORBIDDEN AppErrors. */
export async function requirePermission(permission: Permission): Promise<Actor> {
  const actor = await getActor()
  assertCan(actor, permission)
  return actor
}

/** Permissions a staff member still has while the owner's 2FA requirement waits for their enrolment. */
const BEFORE_ENROLMENT: Permission[] = ['account.manage']

export function assertCan(actor: Actor | null, permission: Permission): asserts actor is Actor {
  if (!actor) throw new AppError('UNAUTHORIZED')
  if (!can(actor.role, permission)) throw new AppError('FORBIDDEN')
  if (actor.mustEnrolTotp && !BEFORE_ENROLMENT.includes(permission))
    throw new AppError('FORBIDDEN', 'Set up two-factor sign-in first (My account).')
}

import type { UserRole } from '@/generated/prisma/enums'

// The one permission map. Every admin page, server action and admin route handler asks `can(role, permission)`
// through requireStaffPage / formAction / staffAction / refuseUnless. Add a permission here (and to the README
// table) when you add an admin feature; never compare roles anywhere else.

export const STAFF_ROLES = ['OWNER', 'STAFF', 'ACCOUNTANT'] as const
export type StaffRole = (typeof STAFF_ROLES)[number]
export const isStaffRole = (role: unknown): role is StaffRole => STAFF_ROLES.includes(role as StaffRole)

const ALL: readonly StaffRole[] = STAFF_ROLES
const OPS: readonly StaffRole[] = ['OWNER', 'STAFF']
const BOOKS: readonly StaffRole[] = ['OWNER', 'ACCOUNTANT']
const OWNER: readonly StaffRole[] = ['OWNER']

export const PERMISSIONS = {
  /** open the staff panel at all (layout, dashboard) */
  'admin.enter': ALL,
  /** one's own password and two-factor sign-in */
  'account.manage': ALL,
  'orders.read': ALL,
  'orders.cancel': OPS,
  /** buyer data on an order, retrying its invoice jobs */
  'orders.edit': OPS,
  'refund.create': OPS,
  'invoices.read': ALL,
  'exports.read': BOOKS,
  /** start a new version of a month's accounting export */
  'exports.generate': OWNER,
  'shipments.read': OPS,
  'shipments.manage': OPS,
  /** customers, inbox and sent emails */
  'correspondence.read': OPS,
  /** resend an email, reply to a customer */
  'correspondence.send': OPS,
  'products.manage': OWNER,
  'webhooks.read': OWNER,
  'webhooks.reprocess': OWNER,
  'jobs.read': OWNER,
  'jobs.retry': OWNER,
  'integrations.read': OWNER,
  'settings.read': OWNER,
  'settings.edit': OWNER,
  /** staff accounts, roles, the 2FA requirement */
  'staff.manage': OWNER,
  'audit.read': OWNER,
} as const satisfies Record<string, readonly StaffRole[]>

export type Permission = keyof typeof PERMISSIONS

export function can(role: UserRole | null | undefined, permission: Permission): boolean {
  return isStaffRole(role) && (PERMISSIONS[permission] as readonly StaffRole[]).includes(role)
}

import type { Metadata } from 'next'
import Link from 'next/link'
import type { ReactNode } from 'react'
import { signOutAction } from '@/app/signin/actions'
import { can, type Permission } from '@/lib/auth/permissions'
import { requireStaffPage } from '@/lib/auth/require-staff'
import { getSecurityDictionary } from '@/lib/i18n/admin/security'

export const metadata: Metadata = { title: { default: 'Admin', template: '%s · Admin · Hookline' } }

// [href, label, the permission that shows the link]
const NAV: [string, string, Permission][] = [
  ['/admin/orders', 'Orders', 'orders.read'],
  ['/admin/shipments', 'Shipments', 'shipments.read'],
  ['/admin/customers', 'Customers', 'correspondence.read'],
  ['/admin/inbox', 'Inbox', 'correspondence.read'],
  ['/admin/webhooks', 'Webhooks', 'webhooks.read'],
  ['/admin/emails', 'Emails', 'correspondence.read'],
  ['/admin/invoices', 'Invoices', 'invoices.read'],
  ['/admin/exports', 'Exports', 'exports.read'],
  ['/admin/jobs', 'Jobs', 'jobs.read'],
  ['/', 'Shop', 'admin.enter'],
]

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const actor = await requireStaffPage('/admin', 'admin.enter', { isEnrolmentPage: true })
  const { t } = await getSecurityDictionary()
  const nav: [string, string, Permission][] = [
    ...NAV.slice(0, -1),
    ['/admin/staff', t.nav.staff, 'staff.manage'],
    ['/admin/audit', t.nav.audit, 'audit.read'],
    ...NAV.slice(-1),
  ]
  return (
    <div className="min-h-screen">
      <header className="border-b border-stone-800 bg-stone-900 text-stone-100">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-4 py-3">
          <nav aria-label="Admin" className="flex flex-wrap items-center gap-x-5 gap-y-1 text-sm">
            <Link href="/admin/orders" className="font-semibold">
              Hookline admin
            </Link>
            {nav
              .filter(([, , permission]) => can(actor.role, permission))
              .map(([href, label]) => (
                <Link key={href} href={href} className="hover:underline">
                  {label}
                </Link>
              ))}
          </nav>
          <form action={signOutAction} className="flex items-center gap-3 text-sm">
            <Link href="/admin/account" className="text-stone-300 hover:underline" title={t.nav.security}>
              {actor.email}
            </Link>
            <button type="submit" className="rounded border border-stone-600 px-2 py-1 hover:bg-stone-800">
              Sign out
            </button>
          </form>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6">
        {children}
      </main>
    </div>
  )
}

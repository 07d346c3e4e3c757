import type { Metadata } from 'next'
import Link from 'next/link'
import type { ReactNode } from 'react'
import { signOutAction } from '@/app/signin/actions'
import { requireStaffPage } from '@/lib/auth/require-staff'

export const metadata: Metadata = { title: { default: 'Admin', template: '%s · Admin · Hookline' } }

const NAV = [
  ['/admin/orders', 'Orders'],
  ['/admin/webhooks', 'Webhooks'],
  ['/admin/emails', 'Emails'],
  ['/admin/invoices', 'Invoices'],
  ['/admin/jobs', 'Jobs'],
  ['/', 'Shop'],
] as const

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const actor = await requireStaffPage('/admin')
  return (
    <div className="min-h-screen">
      <header className="border-b border-stone-800 bg-stone-900 text-stone-100">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-3">
          <nav aria-label="Admin" className="flex items-center gap-5 text-sm">
            <Link href="/admin/orders" className="font-semibold">
              Hookline admin
            </Link>
            {NAV.map(([href, label]) => (
              <Link key={href} href={href} className="hover:underline">
                {label}
              </Link>
            ))}
          </nav>
          <form action={signOutAction} className="flex items-center gap-3 text-sm">
            <span className="text-stone-400">{actor.email}</span>
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

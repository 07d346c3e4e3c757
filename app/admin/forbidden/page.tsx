import type { Metadata } from 'next'
import Link from 'next/link'
import { requireStaffPage } from '@/lib/auth/require-staff'
import { getSecurityDictionary } from '@/lib/i18n/admin/security'

export const metadata: Metadata = { title: 'Not allowed' }

export default async function ForbiddenPage() {
  const actor = await requireStaffPage('/admin', 'admin.enter')
  const { t } = await getSecurityDictionary()
  return (
    <section aria-labelledby="forbidden-heading" className="max-w-xl">
      <h1 id="forbidden-heading" className="text-2xl font-semibold">
        {t.forbidden.title}
      </h1>
      <p className="mt-2 text-stone-700">{t.forbidden.body(t.roles[actor.role] ?? actor.role)}</p>
      <Link href="/admin/orders" className="mt-4 inline-block text-brand hover:underline">
        {t.forbidden.back}
      </Link>
    </section>
  )
}

import type { Metadata } from 'next'
import { SellerSettingsForm } from '@/components/admin/seller-settings-form'
import { Alert } from '@/components/ui/alert'
import { requireStaffPage } from '@/lib/auth/require-staff'
import { prisma } from '@/lib/db'
import { loadShopSettings, sellerConfigFromRow, settingsFormValues } from '@/lib/invoices/settings'
import { saveShopSettingsAction } from './actions'

export const metadata: Metadata = { title: 'Settings' }

export default async function AdminSettingsPage() {
  await requireStaffPage('/admin/settings', 'settings.read')
  const row = await loadShopSettings(prisma)
  const config = sellerConfigFromRow(row)
  return (
    <section aria-labelledby="settings-heading" className="space-y-6">
      <h1 id="settings-heading" className="text-2xl font-semibold">
        Seller settings
      </h1>
      <p className="max-w-3xl text-sm text-stone-600">
        Printed on every new invoice. Issued invoices keep the data they were issued with. Saving runs any
        invoice that was waiting for these settings again at once.
      </p>
      {!config.ok && <Alert>Invoices cannot be issued: {config.problem}.</Alert>}
      <SellerSettingsForm action={saveShopSettingsAction} initial={settingsFormValues(row)} />
    </section>
  )
}

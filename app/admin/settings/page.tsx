import type { Metadata } from 'next'
import { AccountingSettingsSection } from '@/components/admin/accounting-settings-section'
import { ActionForm } from '@/components/admin/action-form'
import { SellerSettingsForm } from '@/components/admin/seller-settings-form'
import { Alert } from '@/components/ui/alert'
import { requireStaffPage } from '@/lib/auth/require-staff'
import { prisma } from '@/lib/db'
import { integrationCoreStrings } from '@/lib/i18n/admin/integration-core'
import { getLocale } from '@/lib/i18n/server'
import { loadShopSettings, sellerConfigFromRow, settingsFormValues } from '@/lib/invoices/settings'
import { saveAccountingSettingsAction } from '../exports/actions'
import { saveShopSettingsAction } from './actions'
import { savePaymentSettingsAction } from './payment-actions'

export const metadata: Metadata = { title: 'Settings' }

export default async function AdminSettingsPage() {
  await requireStaffPage('/admin/settings', 'settings.read')
  const row = await loadShopSettings(prisma)
  const config = sellerConfigFromRow(row)
  const c = integrationCoreStrings[await getLocale()]
  const autoRefund = row?.autoRefundDoublePayments ?? true
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
      <section aria-labelledby="payment-settings-heading" className="max-w-3xl space-y-2">
        <h2 id="payment-settings-heading" className="text-lg font-semibold">
          {c.paymentsHeading}
        </h2>
        <p className="text-sm text-stone-600">{c.doublePaymentHelp}</p>
        <ActionForm
          action={savePaymentSettingsAction}
          hidden={{}}
          label={c.save}
          pendingLabel={c.saving}
          variant="secondary"
        >
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="autoRefundDoublePayments" value="on" defaultChecked={autoRefund} />
            {c.doublePaymentRefund}
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="autoRefundDoublePayments" value="off" defaultChecked={!autoRefund} />
            {c.doublePaymentFlagOnly}
          </label>
        </ActionForm>
      </section>
      <AccountingSettingsSection action={saveAccountingSettingsAction} />
    </section>
  )
}

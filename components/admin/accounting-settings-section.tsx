import { TAX_OFFICES } from '@/lib/accounting/jpk/tax-offices'
import { loadAccountingSettings } from '@/lib/accounting/settings'
import type { ActionState } from '@/lib/actions/safe-action'
import { prisma } from '@/lib/db'
import { accountingStrings } from '@/lib/i18n/admin/accounting'
import { getLocale } from '@/lib/i18n/server'
import { AccountingSettingsForm } from './export-forms'

/** The accounting exports' part of /admin/settings. */
export async function AccountingSettingsSection({
  action,
}: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>
}) {
  const t = accountingStrings[await getLocale()].settings
  const s = await loadAccountingSettings(prisma)
  return (
    <section
      id="accounting"
      aria-labelledby="accounting-settings-heading"
      className="space-y-3 border-t border-stone-200 pt-6"
    >
      <h2 id="accounting-settings-heading" className="text-xl font-semibold">
        {t.heading}
      </h2>
      <p className="max-w-3xl text-sm text-stone-600">{t.intro}</p>
      <AccountingSettingsForm
        action={action}
        initial={{
          taxOfficeCode: s.taxOfficeCode ?? '',
        }}
        offices={TAX_OFFICES}
        labels={{
          taxOffice: t.taxOffice,
          none: t.taxOfficeNone,
          save: t.save,
          saving: t.saving,
        }}
      />
    </section>
  )
}

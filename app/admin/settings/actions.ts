'use server'

import { revalidatePath } from 'next/cache'
import { formAction } from '@/lib/actions/safe-action'
import type { DbTx } from '@/lib/db'
import { saveShopSettings, ZSellerSettingsForm } from '@/lib/invoices/settings'

export const saveShopSettingsAction = formAction(
  'settings.edit',
  ZSellerSettingsForm,
  async (input, { audit }) => {
    const settings = (tx: DbTx) => tx.shopSettings.findUnique({ where: { id: 1 } })
    const { rescheduled } = await audit(
      {
        action: 'settings.update',
        target: { type: 'shop_settings', id: '1' },
        before: settings,
        after: settings,
      },
      (db) => saveShopSettings(db, input),
    )
    revalidatePath('/admin/settings')
    return {
      ok: true,
      message:
        rescheduled > 0
          ? `Settings saved. ${rescheduled} waiting invoice job(s) run again now.`
          : 'Settings saved. New invoices use them; issued invoices keep their data.',
    }
  },
)

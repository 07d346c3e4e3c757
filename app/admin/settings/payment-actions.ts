'use server'

import { revalidatePath } from 'next/cache'
import { formAction } from '@/lib/actions/safe-action'
import type { DbTx } from '@/lib/db'
import { savePaymentSettings, ZPaymentSettings } from '@/lib/payments/settings'

export const savePaymentSettingsAction = formAction(
  'settings.edit',
  ZPaymentSettings,
  async (input, { audit }) => {
    const settings = (tx: DbTx) =>
      tx.shopSettings.findUnique({ where: { id: 1 }, select: { autoRefundDoublePayments: true } })
    const r = await audit(
      {
        action: 'settings.payments',
        target: { type: 'shop_settings', id: '1' },
        before: settings,
        after: settings,
      },
      (db) => savePaymentSettings(db, input),
    )
    revalidatePath('/admin/settings')
    return {
      ok: true,
      message: r.autoRefundDoublePayments
        ? 'Double payments are refunded automatically.'
        : 'Double payments are only flagged for staff.',
    }
  },
)

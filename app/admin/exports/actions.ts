'use server'

import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { ZMonth } from '@/lib/accounting/month'
import { requestAccountingExport } from '@/lib/accounting/request-export'
import { saveAccountingSettings, ZAccountingSettingsForm } from '@/lib/accounting/settings'
import { formAction } from '@/lib/actions/safe-action'
import type { DbTx } from '@/lib/db'
import { accountingStrings } from '@/lib/i18n/admin/accounting'
import { getLocale } from '@/lib/i18n/server'

export const generateExportAction = formAction(
  'exports.generate',
  z.object({ month: ZMonth }),
  async ({ month }, { actor, audit }) => {
    const t = accountingStrings[await getLocale()]
    const r = await audit(
      { action: 'accounting_export.generate', target: { type: 'accounting_export', id: month } },
      (db) => requestAccountingExport(db, { month, trigger: 'manual', requestedBy: actor.email }),
    )
    revalidatePath('/admin/exports')
    // the chosen month stays in the field after React resets the form
    return {
      ok: true,
      message: r.isNew ? t.started(month, r.version) : t.alreadyRunning(month, r.version),
      values: { month },
    }
  },
)

export const saveAccountingSettingsAction = formAction(
  'settings.edit',
  ZAccountingSettingsForm,
  async (input, { audit }) => {
    const settings = (tx: DbTx) => tx.accountingSettings.findUnique({ where: { id: 1 } })
    await audit(
      {
        action: 'settings.update',
        target: { type: 'accounting_settings', id: '1' },
        before: settings,
        after: settings,
      },
      (db) => saveAccountingSettings(db, input),
    )
    revalidatePath('/admin/settings')
    revalidatePath('/admin/exports')
    return { ok: true, message: accountingStrings[await getLocale()].settings.saved }
  },
)

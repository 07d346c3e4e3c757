'use server'

import { revalidatePath } from 'next/cache'
import { formAction } from '@/lib/actions/safe-action'
import { prisma } from '@/lib/db'
import { saveShopSettings, ZSellerSettingsForm } from '@/lib/invoices/settings'

export const saveShopSettingsAction = formAction('staff', ZSellerSettingsForm, async (input) => {
  const { rescheduled } = await saveShopSettings(prisma, input)
  revalidatePath('/admin/settings')
  return {
    ok: true,
    message:
      rescheduled > 0
        ? `Settings saved. ${rescheduled} waiting invoice job(s) run again now.`
        : 'Settings saved. New invoices use them; issued invoices keep their data.',
  }
})

import { z } from 'zod'
import type { DbTx } from '@/lib/db'
import { isTaxOfficeCode } from './jpk/tax-offices'

export const ZAccountingSettingsForm = z.object({
  taxOfficeCode: z
    .string()
    .trim()
    .refine((c) => c === '' || isTaxOfficeCode(c), { message: 'Choose a tax office from the list.' }),
})
export type TAccountingSettingsForm = z.output<typeof ZAccountingSettingsForm>

export async function loadAccountingSettings(db: DbTx) {
  return (
    (await db.accountingSettings.findUnique({ where: { id: 1 } })) ?? {
      id: 1,
      taxOfficeCode: null,
      updatedAt: null,
    }
  )
}

export async function saveAccountingSettings(db: DbTx, input: TAccountingSettingsForm) {
  const data = { taxOfficeCode: input.taxOfficeCode || null }
  await db.accountingSettings.upsert({ where: { id: 1 }, create: { id: 1, ...data }, update: data })
}

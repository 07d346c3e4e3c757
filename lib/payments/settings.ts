import { z } from 'zod'
import type { Db } from '@/lib/db'
import { AppError } from '@/lib/errors'

export const ZPaymentSettings = z.object({ autoRefundDoublePayments: z.enum(['on', 'off']) })

/** Staff switch: refund a double payment automatically (default) or only flag it. */
export async function savePaymentSettings(db: Db, input: z.input<typeof ZPaymentSettings>) {
  const { autoRefundDoublePayments } = ZPaymentSettings.parse(input)
  const { count } = await db.shopSettings.updateMany({
    where: { id: 1 },
    data: { autoRefundDoublePayments: autoRefundDoublePayments === 'on' },
  })
  if (count === 0) throw new AppError('VALIDATION', 'Save the seller settings first.')
  return { autoRefundDoublePayments: autoRefundDoublePayments === 'on' }
}

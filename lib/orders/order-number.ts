import type { DbTx } from '@/lib/db'

/**
 * Next order number for the year, e.g. HL-2026-000123. The upsert takes a row lock on the year's counter that is
 * held until the surrounding transaction ends, so numbers are unique and a rolled-back order leaves no gap.
 */
export async function nextOrderNumber(tx: DbTx, now = new Date()): Promise<string> {
  const year = now.getUTCFullYear()
  const rows = await tx.$queryRaw<{ last_value: number }[]>`
    INSERT INTO order_number_counters (year, last_value) VALUES (${year}, 1)
    ON CONFLICT (year) DO UPDATE SET last_value = order_number_counters.last_value + 1
    RETURNING last_value`
  return formatOrderNumber(year, rows[0]!.last_value)
}

export const formatOrderNumber = (year: number, seq: number) => `HL-${year}-${String(seq).padStart(6, '0')}`

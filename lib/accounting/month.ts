import { z } from 'zod'
import { warsawDate } from '@/lib/invoices/order-document'

/** An accounting period: 'YYYY-MM'. */
export const ZMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })
export type TMonth = z.infer<typeof ZMonth>

export const isMonth = (s: unknown): s is TMonth => ZMonth.safeParse(s).success

/** First day of the month and first day of the next one, as ISO dates (invoice dates are calendar dates). */
export function monthBounds(month: TMonth): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
  return { from: `${month}-01`, to: `${next}-01` }
}

export const monthOf = (isoDate: string): TMonth => isoDate.slice(0, 7)

export function previousMonth(month: TMonth): TMonth {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}

/** The month that is running in Warsaw at `now`. */
export const currentWarsawMonth = (now: Date): TMonth => monthOf(warsawDate(now))

/** The last month that has closed in Warsaw at `now`. */
export const lastClosedMonth = (now: Date): TMonth => previousMonth(currentWarsawMonth(now))

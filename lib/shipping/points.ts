import 'server-only'
import { z } from 'zod'
import { AppError } from '@/lib/errors'
import { carriers } from './carrier'

// The locker list of the checkout, served by our server from the carrier's points API (no third-party script on
// our pages).

export const ZPointQuery = z.object({ q: z.string().trim().min(2, 'type at least 2 characters').max(60) })

export async function searchLockers(input: z.input<typeof ZPointQuery>) {
  const { q } = ZPointQuery.parse(input)
  const r = await carriers.inpost.points({ query: q })
  if (!r.ok) throw new AppError(r.isRetryable ? 'PROVIDER_UNAVAILABLE' : 'PROVIDER_REJECTED', r.message)
  return r.value.slice(0, 20)
}

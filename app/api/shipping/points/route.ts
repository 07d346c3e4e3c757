import { isAppError } from '@/lib/errors'
import { searchLockers, ZPointQuery } from '@/lib/shipping/points'

// GET /api/shipping/points?q=Kraków: parcel lockers for the checkout's picker.
export async function GET(request: Request) {
  const parsed = ZPointQuery.safeParse({ q: new URL(request.url).searchParams.get('q') ?? '' })
  if (!parsed.success)
    return Response.json({ error: parsed.error.issues[0]?.message ?? 'invalid query' }, { status: 400 })
  try {
    const points = await searchLockers(parsed.data)
    return Response.json({ points }, { headers: { 'cache-control': 'private, max-age=60' } })
  } catch (err) {
    if (isAppError(err)) return Response.json({ error: err.message }, { status: err.status })
    throw err
  }
}

import { prisma } from '@/lib/db'
import { receiveInpostWebhook } from '@/lib/shipping/inpost-webhook'
import { sourceAddressOf } from '@/lib/shipping/source-address'

// InPost signs nothing: source range check -> store + enqueue (one statement) -> 200. The job re-reads the shipment.
export async function POST(request: Request) {
  const raw = await request.text()
  const { status, body } = await receiveInpostWebhook(prisma, raw, sourceAddressOf(request.headers))
  return Response.json(body, { status })
}

// Manager Paczek accepts a webhook URL only if it answers 200 to a GET
export function GET() {
  return Response.json({ ok: true })
}

import { prisma } from '@/lib/db'
import { receiveStripeWebhook } from '@/lib/payments/receive-webhook'

// Verify -> store + enqueue (one statement) -> 2xx. The raw body is read as text: parsing it first would change
// the bytes the signature covers.
export async function POST(request: Request) {
  const raw = await request.text()
  const { status, body } = await receiveStripeWebhook(prisma, raw, request.headers.get('stripe-signature'))
  return Response.json(body, { status })
}

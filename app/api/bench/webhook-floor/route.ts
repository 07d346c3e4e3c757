import { prisma } from '@/lib/db'
import { env } from '@/lib/env'
import { verifyStripeWebhook } from '@/lib/integrations/stripe'

// The floor for `npm run bench:webhooks`: the least a webhook route can do (verify the signature, insert one row)
// in the same production build. Disabled unless BENCH_ROUTES=true.
export async function POST(request: Request) {
  if (!env.BENCH_ROUTES) return Response.json({ error: 'not found' }, { status: 404 })
  const raw = await request.text()
  let event: { id: string; type: string }
  try {
    event = verifyStripeWebhook(raw, request.headers.get('stripe-signature') ?? '')
  } catch {
    return Response.json({ error: 'bad signature' }, { status: 400 })
  }
  await prisma.$executeRaw`INSERT INTO webhook_events (provider, event_id, type, status) VALUES ('bench-floor', ${event.id}, ${event.type}, 'IGNORED')`
  return Response.json({ received: true })
}

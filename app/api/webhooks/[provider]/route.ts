import { prisma } from '@/lib/db'
import { receiveWebhook } from '@/lib/intake/receive'

// The one intake for every provider (lib/intake/adapters): size cap -> verify over the raw bytes -> store + enqueue
// (one statement) -> 2xx. The body is read as bytes: parsing it first would change what the signature covers.
export async function POST(request: Request, ctx: { params: Promise<{ provider: string }> }) {
  const { provider } = await ctx.params
  const { status, body } = await receiveWebhook(prisma, provider, request)
  return Response.json(body, { status })
}

import { prisma } from '@/lib/db'
import { receiveResendWebhook } from '@/lib/email/resend-webhook'

// Resend delivery events (svix-signed). Verify over the raw body, store once per svix-id and queue processing in
// one transaction, answer fast; forged or stale deliveries get 400 and are recorded for staff.
export async function POST(req: Request) {
  const answer = await receiveResendWebhook(prisma, { rawBody: await req.text(), headers: req.headers })
  return Response.json(answer.body, { status: answer.status })
}

import { getActor } from '@/lib/auth'
import { prisma } from '@/lib/db'
import { getOrderForCustomer } from '@/lib/orders/queries'
import { syncCheckoutSession } from '@/lib/payments/apply-session'

// Polled by the return page. With sync=1 (sent once the webhook is late) it asks Stripe for the session's state
// through the same code the webhook handlers use; the browser's return itself never marks anything paid.
export async function GET(request: Request, { params }: { params: Promise<{ number: string }> }) {
  const { number } = await params
  const url = new URL(request.url)
  const actor = await getActor()
  const order = await getOrderForCustomer(prisma, number, {
    token: url.searchParams.get('t'),
    userId: actor?.userId,
  })
  if (!order) return Response.json({ error: 'order not found or link not valid' }, { status: 404 })
  const sessionId = url.searchParams.get('session_id')
  let status = order.status
  if (
    url.searchParams.get('sync') === '1' &&
    sessionId &&
    (status === 'PENDING_PAYMENT' || status === 'PAYMENT_PROCESSING')
  ) {
    const payment = await prisma.payment.findFirst({
      where: { orderId: order.id, checkoutSessionId: sessionId },
    })
    if (payment) {
      try {
        await syncCheckoutSession(prisma, sessionId, 'customer-return')
      } catch {
        // Stripe unreachable: the webhook or reconciliation will still confirm the payment
      }
      status = (await prisma.order.findUniqueOrThrow({ where: { id: order.id }, select: { status: true } }))
        .status
    }
  }
  return Response.json({ status }, { headers: { 'cache-control': 'no-store' } })
}

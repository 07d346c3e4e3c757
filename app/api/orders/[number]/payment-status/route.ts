import { getActor } from '@/lib/auth'
import { prisma } from '@/lib/db'
import { getOrderForCustomer } from '@/lib/orders/queries'
import { isProviderId } from '@/lib/payments/providers'
import { syncPayment } from '@/lib/payments/sync-payment'

// Polled by the return page. With sync=1 (sent once the webhook is late) it asks the provider for the attempt's
// state through the same code the webhook handlers use; the browser's return itself never marks anything paid.
// session_id is the provider's checkout id (Stripe) or our payment id (PayU's continueUrl carries it).
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
    const isUuid = /^[0-9a-f-]{36}$/i.test(sessionId)
    const payment = await prisma.payment.findFirst({
      where: {
        orderId: order.id,
        OR: [{ providerCheckoutId: sessionId }, ...(isUuid ? [{ id: sessionId }] : [])],
      },
    })
    if (payment?.providerCheckoutId && isProviderId(payment.provider)) {
      try {
        await syncPayment(prisma, payment.provider, payment.providerCheckoutId, 'customer-return', {
          orderId: order.id,
        })
      } catch {
        // Stripe unreachable: the webhook or reconciliation will still confirm the payment
      }
      status = (await prisma.order.findUniqueOrThrow({ where: { id: order.id }, select: { status: true } }))
        .status
    }
  }
  return Response.json({ status }, { headers: { 'cache-control': 'no-store' } })
}

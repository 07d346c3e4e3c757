import type { Metadata } from 'next'
import { PaymentConfirmation } from '@/components/shop/payment-confirmation'
import { Alert } from '@/components/ui/alert'
import { getActor } from '@/lib/auth'
import { prisma } from '@/lib/db'
import { getDictionary } from '@/lib/i18n/server'
import { getOrderForCustomer } from '@/lib/orders/queries'

export const metadata: Metadata = { title: 'Payment', referrer: 'no-referrer' }

type Props = {
  params: Promise<{ number: string }>
  searchParams: Promise<{ t?: string; session_id?: string; payment?: string }>
}

// Stripe and PayU send the customer here after paying. Nothing is marked paid here: the page waits for the verified
// webhook and, if it is late, asks Stripe through the webhook's own processing code.
export default async function PaymentReturnPage({ params, searchParams }: Props) {
  const [{ t, locale }, { number }, sp, actor] = await Promise.all([
    getDictionary(),
    params,
    searchParams,
    getActor(),
  ])
  const order = await getOrderForCustomer(prisma, number, { token: sp.t, userId: actor?.userId })
  if (!order || !sp.t) return <Alert>{t.order.notFound}</Alert>
  return (
    <section aria-labelledby="return-heading" className="max-w-xl space-y-4">
      <h1 id="return-heading" className="text-2xl font-semibold">
        {t.order.title(order.number)}
      </h1>
      <PaymentConfirmation
        orderNumber={order.number}
        token={sp.t}
        sessionId={sp.session_id ?? sp.payment ?? ''}
        initialStatus={order.status}
        labels={{ ...t.payment, back: locale === 'pl' ? 'Wróć do zamówienia' : 'Back to the order' }}
      />
    </section>
  )
}

import { refundOrderAction } from '@/app/admin/actions'
import { ActionForm } from '@/components/admin/action-form'
import type { Payment, Refund } from '@/generated/prisma/client'
import { formatDate, formatMoney, minorToDecimalString } from '@/lib/money'

type Line = { position: number; nameEn: string; quantity: number; unitGrossMinor: number }

export function OrderPayments({
  order,
  payments,
  refunds,
  isReadOnly = false,
}: {
  /** the viewer may not refund (permission 'refund.create') */
  isReadOnly?: boolean
  order: {
    id: string
    status: string
    totalGrossMinor: number
    refundedMinor: number
    currency: string
    lines: Line[]
  }
  payments: Payment[]
  refunds: Refund[]
}) {
  const money = (m: number) => formatMoney(m, order.currency, 'en')
  const committed = refunds
    .filter((r) => r.status === 'REQUESTED' || r.status === 'PENDING' || r.status === 'SUCCEEDED')
    .reduce((s, r) => s + r.amountMinor, 0)
  const left = order.totalGrossMinor - committed
  const canRefund = (order.status === 'PAID' || order.status === 'PARTIALLY_REFUNDED') && left > 0
  const live = refunds.filter(
    (r) => r.status === 'REQUESTED' || r.status === 'PENDING' || r.status === 'SUCCEEDED',
  )
  // units can be refunded until someone refunds by amount (see lib/payments/refunds.ts)
  const canRefundUnits = live.every((r) => r.lines !== null)
  const returned = new Map<number, number>()
  for (const r of live)
    for (const l of (r.lines ?? []) as { position: number; quantity: number }[])
      returned.set(l.position, (returned.get(l.position) ?? 0) + l.quantity)
  return (
    <section aria-labelledby="payments-heading" className="space-y-4">
      <h2 id="payments-heading" className="text-lg font-semibold">
        Payments
      </h2>
      {payments.length === 0 ? (
        <p className="text-sm text-stone-600">The customer has not started a payment yet.</p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-stone-300">
              <th scope="col" className="py-2">
                Attempt
              </th>
              <th scope="col">Status</th>
              <th scope="col">Stripe session</th>
              <th scope="col">Method</th>
              <th scope="col" className="text-right">
                Amount
              </th>
              <th scope="col" className="pl-4">
                Started
              </th>
            </tr>
          </thead>
          <tbody>
            {payments.map((p) => (
              <tr key={p.id} className="border-b border-stone-200" data-testid="payment-attempt">
                <td className="py-2">{p.attempt}</td>
                <td>
                  {p.status}
                  {p.providerStatus ? ` (${p.providerStatus})` : ''}
                  {p.isDuplicate ? ' · double payment' : ''}
                </td>
                <td className="font-mono text-xs">
                  {p.provider} {p.providerCheckoutId ?? '—'}
                </td>
                <td>{p.method ? `${p.method}${p.methodDetail ? ` (${p.methodDetail})` : ''}` : '—'}</td>
                <td className="text-right">{money(p.amountMinor)}</td>
                <td className="pl-4">{formatDate(p.createdAt, 'en')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {refunds.length > 0 && (
        <table className="w-full text-left text-sm" aria-label="Refunds">
          <thead>
            <tr className="border-b border-stone-300">
              <th scope="col" className="py-2">
                Refund
              </th>
              <th scope="col">Status</th>
              <th scope="col">Reason</th>
              <th scope="col">By</th>
              <th scope="col" className="text-right">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {refunds.map((r) => (
              <tr key={r.id} className="border-b border-stone-200" data-testid="refund-row">
                <td className="py-2 font-mono text-xs">{r.providerRefundId ?? 'not yet at Stripe'}</td>
                <td>
                  {r.status}
                  {r.lastError && <span className="block text-xs text-red-700">{r.lastError}</span>}
                </td>
                <td>{r.reason}</td>
                <td>{r.requestedBy}</td>
                <td className="text-right">{money(r.amountMinor)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canRefund && !isReadOnly && (
        <div className="max-w-md rounded-lg border border-stone-200 bg-white p-4">
          <h3 className="font-medium">Refund</h3>
          <p className="mb-3 text-sm text-stone-600">Up to {money(left)} can be refunded.</p>
          <ActionForm
            action={refundOrderAction}
            hidden={{ orderId: order.id }}
            label="Refund"
            pendingLabel="Requesting refund…"
            variant="danger"
            confirm={`Send this refund to ${payments.some((p) => p.provider === 'payu' && p.status === 'COMPLETED') ? 'PayU' : 'Stripe'}?`}
          >
            <div>
              <label htmlFor="refund-amount" className="block text-sm font-medium">
                Amount ({order.currency})
              </label>
              <input
                id="refund-amount"
                name="amount"
                inputMode="decimal"
                defaultValue={minorToDecimalString(left)}
                className="mt-1 w-40 rounded-md border border-stone-300 px-3 py-2 text-sm"
              />
            </div>
            {canRefundUnits && (
              <fieldset className="space-y-1 rounded-md border border-stone-200 p-3">
                <legend className="px-1 text-sm font-medium">
                  Or refund whole units (overrides the amount)
                </legend>
                {order.lines.map((l) => {
                  const unitsLeft = l.quantity - (returned.get(l.position) ?? 0)
                  return (
                    <div key={l.position} className="flex items-center justify-between gap-3 text-sm">
                      <label htmlFor={`units-${l.position}`}>
                        {l.nameEn} ({money(l.unitGrossMinor)} each, {unitsLeft} left)
                      </label>
                      <input
                        id={`units-${l.position}`}
                        name={`units_${l.position}`}
                        type="number"
                        min={0}
                        max={unitsLeft}
                        defaultValue={0}
                        disabled={unitsLeft === 0}
                        className="w-20 rounded-md border border-stone-300 px-2 py-1"
                      />
                    </div>
                  )
                })}
              </fieldset>
            )}
            <div>
              <label htmlFor="refund-reason" className="block text-sm font-medium">
                Reason
              </label>
              <input
                id="refund-reason"
                name="reason"
                required
                className="mt-1 w-full rounded-md border border-stone-300 px-3 py-2 text-sm"
              />
            </div>
          </ActionForm>
        </div>
      )}
    </section>
  )
}

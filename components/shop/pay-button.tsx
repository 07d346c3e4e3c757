'use client'

import { useActionState } from 'react'
import type { startCheckoutAction } from '@/app/(shop)/orders/[number]/actions'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'

export function PayButton({
  action,
  orderNumber,
  token,
  labels,
  methods = [],
}: {
  action: typeof startCheckoutAction
  orderNumber: string
  token: string
  labels: { pay: string; redirecting: string; legend?: string }
  /** the offered payment methods with their labels; none or one: no choice is shown */
  methods?: { value: string; label: string }[]
}) {
  const [state, formAction, isPending] = useActionState(action, null)
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="orderNumber" value={orderNumber} />
      <input type="hidden" name="token" value={token} />
      {methods.length > 1 && (
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">{labels.legend}</legend>
          <div className="flex flex-wrap gap-3">
            {methods.map((m, i) => (
              <label
                key={m.value}
                className="flex cursor-pointer items-center gap-2 rounded border border-stone-300 bg-white px-3 py-2 text-sm has-[:checked]:border-brand"
              >
                <input type="radio" name="method" value={m.value} defaultChecked={i === 0} />
                {m.label}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {state?.message && !state.ok && <Alert>{state.message}</Alert>}
      <Button type="submit" disabled={isPending} aria-busy={isPending} className="px-6 py-3 text-base">
        {isPending ? labels.redirecting : labels.pay}
      </Button>
    </form>
  )
}

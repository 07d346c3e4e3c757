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
}: {
  action: typeof startCheckoutAction
  orderNumber: string
  token: string
  labels: { pay: string; redirecting: string }
}) {
  const [state, formAction, isPending] = useActionState(action, null)
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="orderNumber" value={orderNumber} />
      <input type="hidden" name="token" value={token} />
      {state?.message && !state.ok && <Alert>{state.message}</Alert>}
      <Button type="submit" disabled={isPending} aria-busy={isPending} className="px-6 py-3 text-base">
        {isPending ? labels.redirecting : labels.pay}
      </Button>
    </form>
  )
}

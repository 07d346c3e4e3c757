'use client'

import { type ReactNode, useActionState } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import type { ActionState } from '@/lib/actions/safe-action'

/** A small form around one staff action: shows progress while it runs and the outcome when it returns. */
export function ActionForm({
  action,
  hidden,
  label,
  pendingLabel,
  variant = 'primary',
  confirm,
  children,
}: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>
  hidden: Record<string, string>
  label: string
  pendingLabel?: string
  variant?: 'primary' | 'secondary' | 'danger'
  confirm?: string
  children?: ReactNode
}) {
  const [state, formAction, isPending] = useActionState(action, null)
  return (
    <form
      action={formAction}
      className="space-y-2"
      onSubmit={(e) => {
        if (confirm && !window.confirm(confirm)) e.preventDefault()
      }}
    >
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {children}
      <Button type="submit" variant={variant} disabled={isPending} aria-busy={isPending}>
        {isPending ? (pendingLabel ?? `${label}…`) : label}
      </Button>
      {state?.message && (
        <Alert kind={state.ok ? 'success' : 'error'}>
          {state.message}
          {state.fieldErrors && (
            <ul className="mt-1 list-disc pl-5">
              {Object.entries(state.fieldErrors).map(([field, msgs]) => (
                <li key={field}>
                  {field}: {msgs.join(' ')}
                </li>
              ))}
            </ul>
          )}
        </Alert>
      )}
    </form>
  )
}

'use client'

import { useActionState } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import type { ActionState } from '@/lib/actions/safe-action'

type FieldSpec = { name: string; label: string; type?: string; autoComplete?: string; inputMode?: 'numeric' }

/** A small staff form with labelled fields, progress, the outcome, and recovery codes when the action returns them. */
export function SecurityForm({
  action,
  fields = [],
  submit,
  variant = 'primary',
  codesHeading,
  codesIntro,
  testId,
}: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>
  fields?: FieldSpec[]
  submit: string
  variant?: 'primary' | 'secondary' | 'danger'
  codesHeading?: string
  codesIntro?: string
  testId?: string
}) {
  const [state, formAction, isPending] = useActionState(action, null)
  const codes = state?.ok ? state.values?.codes?.split('\n') : undefined
  return (
    <form action={formAction} className="space-y-3" noValidate data-testid={testId}>
      {state?.message && <Alert kind={state.ok ? 'success' : 'error'}>{state.message}</Alert>}
      {fields.map((f) => (
        <Field
          key={f.name}
          id={`${testId ?? 'sec'}-${f.name}`}
          name={f.name}
          label={f.label}
          type={f.type ?? 'text'}
          autoComplete={f.autoComplete}
          inputMode={f.inputMode}
          errors={state?.fieldErrors?.[f.name]}
          required
        />
      ))}
      <Button type="submit" variant={variant} disabled={isPending} aria-busy={isPending}>
        {submit}
      </Button>
      {codes && (
        <section aria-label={codesHeading} className="rounded-md border border-amber-300 bg-amber-50 p-3">
          <h3 className="font-semibold">{codesHeading}</h3>
          <p className="text-sm text-stone-700">{codesIntro}</p>
          <ul className="mt-2 grid grid-cols-2 gap-1 font-mono text-sm" data-testid="recovery-codes">
            {codes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </section>
      )}
    </form>
  )
}

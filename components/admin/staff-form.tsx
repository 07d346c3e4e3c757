'use client'

import { useActionState } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import type { ActionState } from '@/lib/actions/safe-action'

export function StaffForm({
  action,
  labels,
  roles,
}: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>
  labels: { email: string; name: string; role: string; password: string; add: string }
  roles: [string, string][]
}) {
  const [state, formAction, isPending] = useActionState(action, null)
  const v = state?.ok ? undefined : state?.values
  return (
    <form action={formAction} className="mt-3 space-y-3" noValidate key={state?.ok ? 'done' : 'editing'}>
      {state?.message && <Alert kind={state.ok ? 'success' : 'error'}>{state.message}</Alert>}
      <Field
        label={labels.email}
        name="email"
        id="staff-email"
        type="email"
        defaultValue={v?.email}
        errors={state?.fieldErrors?.email}
        required
      />
      <Field
        label={labels.name}
        name="name"
        id="staff-name"
        defaultValue={v?.name}
        errors={state?.fieldErrors?.name}
        required
      />
      <div>
        <label htmlFor="staff-role" className="block text-sm font-medium text-stone-700">
          {labels.role}
        </label>
        <select
          id="staff-role"
          name="role"
          defaultValue={v?.role ?? 'STAFF'}
          className="mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-sm"
        >
          {roles.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <Field
        label={labels.password}
        name="password"
        id="staff-password"
        type="password"
        autoComplete="new-password"
        errors={state?.fieldErrors?.password}
        required
      />
      <Button type="submit" disabled={isPending} aria-busy={isPending}>
        {labels.add}
      </Button>
    </form>
  )
}

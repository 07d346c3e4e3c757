'use client'

import { useActionState } from 'react'
import { signInAction } from '@/app/signin/actions'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'

export function SignInForm({
  labels,
  callbackUrl,
}: {
  labels: { email: string; password: string; signIn: string; invalid: string }
  callbackUrl?: string
}) {
  const [state, action, isPending] = useActionState(signInAction, null)
  return (
    <form action={action} className="space-y-4" noValidate>
      {state?.message && <Alert>{labels.invalid}</Alert>}
      {callbackUrl && <input type="hidden" name="callbackUrl" value={callbackUrl} />}
      <Field
        label={labels.email}
        name="email"
        type="email"
        autoComplete="username"
        errors={state?.fieldErrors?.email}
        required
      />
      <Field
        label={labels.password}
        name="password"
        type="password"
        autoComplete="current-password"
        errors={state?.fieldErrors?.password}
        required
      />
      <Button type="submit" disabled={isPending} aria-busy={isPending}>
        {labels.signIn}
      </Button>
    </form>
  )
}

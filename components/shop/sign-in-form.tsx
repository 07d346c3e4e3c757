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
  labels: { email: string; password: string; signIn: string; codeLabel: string; continue: string }
  callbackUrl?: string
}) {
  const [state, action, isPending] = useActionState(signInAction, null)
  // after a right password on an account with two-factor sign-in, the form asks for the code
  const ticket = state?.values?.ticket
  return (
    <form action={action} className="space-y-4" noValidate>
      {state?.message && (
        <Alert kind={state.values?.reason === 'code-required' ? 'success' : 'error'}>{state.message}</Alert>
      )}
      {callbackUrl && <input type="hidden" name="callbackUrl" value={callbackUrl} />}
      <Field
        label={labels.email}
        name="email"
        type="email"
        autoComplete="username"
        defaultValue={state?.values?.email}
        readOnly={!!ticket}
        errors={state?.fieldErrors?.email}
        required
      />
      {ticket ? (
        <>
          <input type="hidden" name="ticket" value={ticket} />
          <Field
            label={labels.codeLabel}
            name="code"
            autoComplete="one-time-code"
            // biome-ignore lint/a11y/noAutofocus: the one field left to fill after the password step
            autoFocus
            required
          />
        </>
      ) : (
        <Field
          label={labels.password}
          name="password"
          type="password"
          autoComplete="current-password"
          errors={state?.fieldErrors?.password}
          required
        />
      )}
      <Button type="submit" disabled={isPending} aria-busy={isPending}>
        {ticket ? labels.continue : labels.signIn}
      </Button>
    </form>
  )
}

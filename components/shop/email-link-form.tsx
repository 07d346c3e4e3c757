'use client'

import { useActionState } from 'react'
import { emailLinkAction } from '@/app/signin/actions'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'

export function EmailLinkForm({
  labels,
  callbackUrl,
}: {
  labels: { email: string; send: string; sent: string; failed: string }
  callbackUrl?: string
}) {
  const [state, action, isPending] = useActionState(emailLinkAction, null)
  return (
    <form action={action} className="space-y-4" noValidate>
      {state?.ok && <Alert kind="success">{labels.sent}</Alert>}
      {state?.message === 'send-failed' && <Alert>{labels.failed}</Alert>}
      {state && !state.ok && state.message && state.message !== 'send-failed' && !state.fieldErrors && (
        <Alert>{state.message}</Alert>
      )}
      {callbackUrl && <input type="hidden" name="callbackUrl" value={callbackUrl} />}
      <Field
        label={labels.email}
        name="email"
        id="link-email"
        type="email"
        autoComplete="email"
        defaultValue={state?.values?.email}
        errors={state?.fieldErrors?.email}
        required
      />
      <Button type="submit" disabled={isPending} aria-busy={isPending}>
        {labels.send}
      </Button>
    </form>
  )
}

'use client'

import { useActionState } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import type { ActionState } from '@/lib/actions/safe-action'

/** Staff answer to a received email: a labelled textarea, progress while sending, field errors beside it. */
export function ReplyForm({
  action,
  inboundMessageId,
  requestId,
  labels,
}: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>
  inboundMessageId: string
  requestId: string
  labels: { reply: string; replyLabel: string; send: string; sending: string; hint: string }
}) {
  const [state, formAction, isPending] = useActionState(action, null)
  const err = state?.fieldErrors?.body
  return (
    <form action={formAction} className="space-y-2" aria-label={labels.reply}>
      <input type="hidden" name="inboundMessageId" value={inboundMessageId} />
      <input type="hidden" name="requestId" value={requestId} />
      <label htmlFor="reply-body" className="block text-sm font-medium text-stone-700">
        {labels.replyLabel}
      </label>
      <textarea
        id="reply-body"
        name="body"
        rows={5}
        required
        defaultValue={state && !state.ok ? state.values?.body : undefined}
        aria-invalid={err ? true : undefined}
        aria-describedby={`reply-hint${err ? ' reply-error' : ''}`}
        className={`block w-full rounded-md border bg-white px-3 py-2 text-sm ${err ? 'border-red-600' : 'border-stone-300'}`}
      />
      <p id="reply-hint" className="text-xs text-stone-500">
        {labels.hint}
      </p>
      {err && (
        <p id="reply-error" className="text-sm text-red-700">
          {err.join(' ')}
        </p>
      )}
      <Button type="submit" disabled={isPending} aria-busy={isPending}>
        {isPending ? labels.sending : labels.send}
      </Button>
      {state?.message && <Alert kind={state.ok ? 'success' : 'error'}>{state.message}</Alert>}
    </form>
  )
}

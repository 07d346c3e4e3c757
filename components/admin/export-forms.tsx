'use client'

import { useRouter } from 'next/navigation'
import { useActionState, useEffect } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import type { ActionState } from '@/lib/actions/safe-action'

type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>

/** "Generate now" for a chosen month: progress while it starts, the outcome or the field error after. */
export function GenerateExportForm({
  action,
  defaultMonth,
  maxMonth,
  labels,
}: {
  action: Action
  defaultMonth: string
  maxMonth: string
  labels: { month: string; submit: string; pending: string }
}) {
  const [state, formAction, isPending] = useActionState(action, null)
  const error = state?.fieldErrors?.month
  return (
    <form action={formAction} noValidate className="flex flex-wrap items-end gap-3">
      <div>
        <label htmlFor="export-month" className="block text-sm font-medium text-stone-700">
          {labels.month}
        </label>
        <input
          id="export-month"
          name="month"
          type="month"
          required
          max={maxMonth}
          defaultValue={state?.values?.month ?? defaultMonth}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'export-month-error' : undefined}
          className={`mt-1 rounded-md border bg-white px-3 py-2 text-sm ${error ? 'border-red-600' : 'border-stone-300'}`}
        />
      </div>
      <Button type="submit" disabled={isPending} aria-busy={isPending}>
        {isPending ? labels.pending : labels.submit}
      </Button>
      {error && (
        <p id="export-month-error" className="w-full text-sm text-red-700">
          {error.join(' ')}
        </p>
      )}
      {state?.message && !error && (
        <div className="w-full">
          <Alert kind={state.ok ? 'success' : 'error'}>{state.message}</Alert>
        </div>
      )}
    </form>
  )
}

/** While an export is building, the page refreshes itself every 2 s so its progress and result show up. */
export function RefreshWhileRunning({ isRunning }: { isRunning: boolean }) {
  const router = useRouter()
  useEffect(() => {
    if (!isRunning) return
    const t = setInterval(() => router.refresh(), 2000)
    return () => clearInterval(t)
  }, [isRunning, router])
  return null
}

/** Accounting settings (the tax office) on /admin/settings. */
export function AccountingSettingsForm({
  action,
  initial,
  offices,
  labels,
}: {
  action: Action
  initial: { taxOfficeCode: string }
  offices: ReadonlyArray<readonly [string, string]>
  labels: {
    taxOffice: string
    none: string
    save: string
    saving: string
  }
}) {
  const [state, formAction, isPending] = useActionState(action, null)
  const errors = state?.fieldErrors ?? {}
  const v = (k: 'taxOfficeCode') => state?.values?.[k] ?? initial[k]
  const err = (k: string) =>
    errors[k] ? (
      <p id={`acc-${k}-error`} className="mt-1 text-sm text-red-700">
        {errors[k].join(' ')}
      </p>
    ) : null
  return (
    <form action={formAction} noValidate className="grid max-w-3xl gap-4 sm:grid-cols-2">
      {state?.message && (
        <div className="sm:col-span-2">
          <Alert kind={state.ok ? 'success' : 'error'}>{state.message}</Alert>
        </div>
      )}
      <div className="sm:col-span-2">
        <label htmlFor="acc-taxOfficeCode" className="block text-sm font-medium text-stone-700">
          {labels.taxOffice}
        </label>
        <select
          id="acc-taxOfficeCode"
          name="taxOfficeCode"
          defaultValue={v('taxOfficeCode')}
          aria-invalid={errors.taxOfficeCode ? true : undefined}
          aria-describedby={errors.taxOfficeCode ? 'acc-taxOfficeCode-error' : undefined}
          className="mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-sm"
        >
          <option value="">{labels.none}</option>
          {offices.map(([code, name]) => (
            <option key={code} value={code}>
              {code} · {name}
            </option>
          ))}
        </select>
        {err('taxOfficeCode')}
      </div>
      <div className="sm:col-span-2">
        <Button type="submit" disabled={isPending} aria-busy={isPending}>
          {isPending ? labels.saving : labels.save}
        </Button>
      </div>
    </form>
  )
}

'use client'

import { useActionState } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import type { ActionState } from '@/lib/actions/safe-action'

type TextField = { name: string; label: string; hint?: string; className?: string; maxLength?: number }

const SELLER: TextField[] = [
  { name: 'sellerName', label: 'Seller name', className: 'sm:col-span-2' },
  { name: 'sellerNip', label: 'NIP', hint: '10 digits' },
  { name: 'sellerEmail', label: 'Invoice email (optional)' },
  { name: 'addressLine1', label: 'Street and number', className: 'sm:col-span-2' },
  { name: 'addressLine2', label: 'Address line 2 (optional)', className: 'sm:col-span-2' },
  { name: 'postalCode', label: 'Postal code' },
  { name: 'city', label: 'City' },
  { name: 'country', label: 'Country (two letters)', maxLength: 2 },
  { name: 'bankAccount', label: 'Bank account (NRB or IBAN, optional)' },
]

const INVOICING: TextField[] = [
  { name: 'placeOfIssue', label: 'Place of issue (optional)' },
  {
    name: 'exemptionBasis',
    label: 'Legal basis of VAT exemption (for "zw" lines)',
    className: 'sm:col-span-2',
  },
  { name: 'invoiceNumberFormat', label: 'Invoice number format', hint: 'e.g. FV/{YYYY}/{NNNNNN}' },
  { name: 'correctiveNumberFormat', label: 'Corrective number format', hint: 'e.g. KOR/{YYYY}/{NNNNNN}' },
]

/** Seller data and invoicing settings; field errors appear beside their fields. */
export function SellerSettingsForm({
  action,
  initial,
}: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>
  initial: Record<string, string>
}) {
  const [state, formAction, isPending] = useActionState(action, null)
  const errors = state?.fieldErrors ?? {}
  const value = (name: string) => state?.values?.[name] ?? initial[name] ?? ''
  const field = (f: TextField) => (
    <Field
      key={f.name}
      label={f.hint ? `${f.label} · ${f.hint}` : f.label}
      name={f.name}
      errors={errors[f.name]}
      defaultValue={value(f.name)}
      maxLength={f.maxLength}
      className={f.className}
    />
  )
  return (
    <form action={formAction} noValidate className="max-w-3xl space-y-8">
      {state?.message && <Alert kind={state.ok ? 'success' : 'error'}>{state.message}</Alert>}
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-lg font-semibold">Seller</legend>
        {SELLER.map(field)}
      </fieldset>
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-lg font-semibold">Invoicing</legend>
        {INVOICING.map(field)}
        <div>
          <label htmlFor="f-vatMethod" className="block text-sm font-medium text-stone-700">
            VAT method
          </label>
          <select
            id="f-vatMethod"
            name="vatMethod"
            defaultValue={value('vatMethod') || 'summed'}
            className="mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-sm"
          >
            <option value="summed">Summed per rate (art. 106e ust. 7-8, recommended)</option>
            <option value="per-line">Per line</option>
          </select>
          {errors.vatMethod && <p className="mt-1 text-sm text-red-700">{errors.vatMethod.join(' ')}</p>}
        </div>
      </fieldset>
      <Button type="submit" disabled={isPending} aria-busy={isPending}>
        {isPending ? 'Saving…' : 'Save settings'}
      </Button>
    </form>
  )
}

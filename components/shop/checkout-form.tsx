'use client'

import { useActionState, useState } from 'react'
import type { placeOrderAction } from '@/app/(shop)/actions'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import type { Dictionary } from '@/lib/i18n/dictionaries'
import { type DeliveryOption, DeliveryStep } from './delivery-step'

type Labels = Dictionary['checkout']

export function CheckoutForm({
  action,
  labels,
  expectedTotalMinor,
  defaultEmail,
  delivery,
}: {
  action: typeof placeOrderAction
  labels: Labels
  expectedTotalMinor: number
  defaultEmail?: string
  /** the delivery step (components/shop/delivery-step.tsx); absent when no method is configured */
  delivery?: { options: DeliveryOption[]; labels: Parameters<typeof DeliveryStep>[0]['labels'] }
}) {
  const [state, formAction, isPending] = useActionState(action, null)
  const [sameAsBilling, setSameAsBilling] = useState(true)
  const e = state?.fieldErrors ?? {}
  const v = state?.values ?? {}
  const address = (prefix: 'billing' | 'shipping') => (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field
        label={labels.line1}
        name={`${prefix}Line1`}
        errors={e[`${prefix}Line1`]}
        defaultValue={v[`${prefix}Line1`]}
        autoComplete={`${prefix} address-line1`}
        className="sm:col-span-2"
      />
      <Field
        label={labels.line2}
        name={`${prefix}Line2`}
        errors={e[`${prefix}Line2`]}
        defaultValue={v[`${prefix}Line2`]}
        autoComplete={`${prefix} address-line2`}
        className="sm:col-span-2"
      />
      <Field
        label={labels.postalCode}
        name={`${prefix}PostalCode`}
        errors={e[`${prefix}PostalCode`]}
        defaultValue={v[`${prefix}PostalCode`]}
        autoComplete={`${prefix} postal-code`}
      />
      <Field
        label={labels.city}
        name={`${prefix}City`}
        errors={e[`${prefix}City`]}
        defaultValue={v[`${prefix}City`]}
        autoComplete={`${prefix} address-level2`}
      />
      <Field
        label={labels.country}
        name={`${prefix}Country`}
        errors={e[`${prefix}Country`]}
        defaultValue={v[`${prefix}Country`] ?? 'PL'}
        autoComplete={`${prefix} country`}
        maxLength={2}
      />
    </div>
  )
  return (
    <form
      action={formAction}
      noValidate
      className="space-y-8"
      aria-describedby={state?.message ? 'form-error' : undefined}
    >
      {state && !state.ok && state.message && (
        <div id="form-error">
          <Alert>{state.message}</Alert>
        </div>
      )}
      <input type="hidden" name="expectedTotalMinor" value={expectedTotalMinor} />
      <fieldset className="space-y-4">
        <legend className="text-lg font-semibold">{labels.contact}</legend>
        <Field
          label={labels.email}
          name="email"
          type="email"
          errors={e.email}
          defaultValue={v.email ?? defaultEmail}
          autoComplete="email"
          required
        />
        <Field
          label={labels.name}
          name="name"
          errors={e.name}
          defaultValue={v.name}
          autoComplete="name"
          required
        />
        <Field
          label={labels.phone}
          name="phone"
          type="tel"
          errors={e.phone}
          defaultValue={v.phone}
          autoComplete="tel"
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label={labels.company}
            name="companyName"
            errors={e.companyName}
            defaultValue={v.companyName}
            autoComplete="organization"
          />
          <Field label={labels.nip} name="nip" errors={e.nip} defaultValue={v.nip} inputMode="numeric" />
        </div>
      </fieldset>
      <fieldset className="space-y-4">
        <legend className="text-lg font-semibold">{labels.billing}</legend>
        {address('billing')}
      </fieldset>
      <fieldset className="space-y-4">
        <legend className="text-lg font-semibold">{labels.shipping}</legend>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            name="sameAsBilling"
            checked={sameAsBilling}
            onChange={(ev) => setSameAsBilling(ev.target.checked)}
          />
          {labels.sameAsBilling}
        </label>
        {!sameAsBilling && address('shipping')}
      </fieldset>
      {delivery && (
        <DeliveryStep
          options={delivery.options}
          labels={delivery.labels}
          errors={e}
          defaultMethodId={v.deliveryMethodId}
          defaultPointName={v.deliveryPointName}
        />
      )}
      <div>
        <label className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            name="consent"
            aria-invalid={!!e.consent || undefined}
            aria-describedby={e.consent ? 'consent-error' : undefined}
          />
          <span>{labels.consent}</span>
        </label>
        {e.consent && (
          <p id="consent-error" className="mt-1 text-sm text-red-700">
            {e.consent.join(' ')}
          </p>
        )}
        {e.lines && <Alert>{e.lines.join(' ')}</Alert>}
      </div>
      <Button type="submit" disabled={isPending} aria-busy={isPending}>
        {isPending ? labels.placing : labels.placeOrder}
      </Button>
    </form>
  )
}

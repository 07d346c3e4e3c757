'use client'

import { useId, useState } from 'react'
import type { ClientDeliveryLabels } from '@/lib/i18n/shop/delivery'

export type DeliveryOption = {
  id: string
  kind: 'INPOST_LOCKER' | 'INPOST_COURIER' | 'APACZKA_COURIER' | 'PICKUP'
  name: string
  /** formatted price for these goods ("13,99 zł" or the "free" label) */
  priceLabel: string
  priceGrossMinor: number
  note: string | null
  /** why the method cannot take this cart (too heavy), or null */
  unavailable: string | null
}

type Point = {
  name: string
  line1: string
  line2: string
  city: string
  postCode: string
  description: string | null
}

/** The checkout's delivery step: a method, and for the locker method a locker picked from our own points API. */
export function DeliveryStep({
  options,
  labels,
  errors,
  defaultMethodId,
  defaultPointName,
}: {
  options: DeliveryOption[]
  /** `formatted`: the order total with each method, keyed by method id, formatted by the server */
  labels: ClientDeliveryLabels & { formatted: Record<string, string> }
  errors: Record<string, string[] | undefined>
  defaultMethodId?: string
  defaultPointName?: string
}) {
  const first =
    options.find((o) => !o.unavailable && o.kind === 'PICKUP') ?? options.find((o) => !o.unavailable)
  const [methodId, setMethodId] = useState(defaultMethodId ?? first?.id ?? '')
  const [point, setPoint] = useState<Point | null>(
    defaultPointName
      ? { name: defaultPointName, line1: '', line2: '', city: '', postCode: '', description: null }
      : null,
  )
  const [query, setQuery] = useState('')
  const [results, setResults] = useState<Point[] | null>(null)
  const [status, setStatus] = useState<'idle' | 'loading' | 'error'>('idle')
  const searchId = useId()
  const chosen = options.find((o) => o.id === methodId)
  const methodError = errors.deliveryMethodId
  const pointError = errors.deliveryPointName

  async function search() {
    if (query.trim().length < 2) return
    setStatus('loading')
    try {
      const r = await fetch(`/api/shipping/points?q=${encodeURIComponent(query.trim())}`)
      if (!r.ok) throw new Error(String(r.status))
      setResults(((await r.json()) as { points: Point[] }).points)
      setStatus('idle')
    } catch {
      setResults(null)
      setStatus('error')
    }
  }

  return (
    <fieldset className="space-y-3" aria-describedby={methodError ? 'delivery-method-error' : undefined}>
      <legend className="text-lg font-semibold">{labels.legend}</legend>
      <input type="hidden" name="deliveryMethodId" value={methodId} />
      <ul className="space-y-2">
        {options.map((o) => (
          <li key={o.id}>
            <label
              className={`flex items-start justify-between gap-3 rounded-md border px-3 py-2 text-sm ${methodId === o.id ? 'border-stone-900 bg-stone-50' : 'border-stone-300'} ${o.unavailable ? 'opacity-60' : ''}`}
            >
              <span className="flex items-start gap-2">
                <input
                  type="radio"
                  name="deliveryChoice"
                  value={o.id}
                  checked={methodId === o.id}
                  disabled={!!o.unavailable}
                  onChange={() => setMethodId(o.id)}
                  className="mt-1"
                />
                <span>
                  <span className="font-medium">{o.name}</span>
                  {(o.unavailable || o.note) && (
                    <span className="block text-xs text-stone-600">{o.unavailable ?? o.note}</span>
                  )}
                </span>
              </span>
              <span className="whitespace-nowrap font-medium">{o.priceLabel}</span>
            </label>
          </li>
        ))}
      </ul>
      {methodError && (
        <p id="delivery-method-error" className="text-sm text-red-700">
          {methodError.join(' ')}
        </p>
      )}

      {chosen?.kind === 'INPOST_LOCKER' && (
        <fieldset className="space-y-3 rounded-md border border-stone-300 p-3">
          <legend className="px-1 font-medium">{labels.lockerHeading}</legend>
          <input type="hidden" name="deliveryPointName" value={point?.name ?? ''} />
          {point ? (
            <div className="flex items-start justify-between gap-3 text-sm">
              <p data-testid="chosen-locker">
                <span className="font-medium">{labels.lockerChosen.replace('{name}', point.name)}</span>
                {point.line1 && (
                  <span className="block text-stone-600">
                    {point.line1}, {point.postCode} {point.city}
                  </span>
                )}
              </p>
              <button type="button" className="text-sm underline" onClick={() => setPoint(null)}>
                {labels.lockerChange}
              </button>
            </div>
          ) : (
            <>
              <label htmlFor={searchId} className="block text-sm font-medium text-stone-700">
                {labels.lockerSearch}
              </label>
              <div className="flex gap-2">
                <input
                  id={searchId}
                  type="search"
                  value={query}
                  onChange={(e) => setQuery(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault()
                      void search()
                    }
                  }}
                  aria-invalid={!!pointError || undefined}
                  aria-describedby={pointError ? 'delivery-point-error' : undefined}
                  className={`block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm ${pointError ? 'border-red-600' : 'border-stone-300'}`}
                />
                <button
                  type="button"
                  onClick={() => void search()}
                  disabled={status === 'loading'}
                  aria-busy={status === 'loading'}
                  className="rounded-md border border-stone-900 px-3 py-2 text-sm font-medium"
                >
                  {status === 'loading' ? labels.lockerSearching : labels.lockerSearchButton}
                </button>
              </div>
              <div aria-live="polite">
                {status === 'error' && <p className="text-sm text-red-700">{labels.lockerError}</p>}
                {results && results.length === 0 && (
                  <p className="text-sm text-stone-600">{labels.lockerNone}</p>
                )}
                {results && results.length > 0 && (
                  <ul className="max-h-72 space-y-1 overflow-y-auto" aria-label={labels.lockerHeading}>
                    {results.map((p) => (
                      <li key={p.name}>
                        <button
                          type="button"
                          onClick={() => setPoint(p)}
                          className="w-full rounded-md border border-stone-200 px-3 py-2 text-left text-sm hover:border-stone-900 focus:border-stone-900"
                        >
                          <span className="font-medium">{p.name}</span> · {p.line1}, {p.postCode} {p.city}
                          {p.description && (
                            <span className="block text-xs text-stone-600">{p.description}</span>
                          )}
                        </button>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </>
          )}
          {pointError && (
            <p id="delivery-point-error" className="text-sm text-red-700">
              {pointError.join(' ')}
            </p>
          )}
        </fieldset>
      )}
      {chosen && chosen.kind !== 'PICKUP' && <p className="text-xs text-stone-600">{labels.phoneHint}</p>}
      {chosen && (
        <p className="flex justify-between border-t border-stone-200 pt-2 text-sm font-semibold">
          <span>{labels.total}</span>
          <span data-testid="total-with-delivery">{labels.formatted[chosen.id]}</span>
        </p>
      )}
    </fieldset>
  )
}

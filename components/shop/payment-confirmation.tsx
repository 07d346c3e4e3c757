'use client'

import Link from 'next/link'
import { useEffect, useRef, useState } from 'react'
import type { OrderStatus } from '@/generated/prisma/enums'

const POLL_MS = 1500
/** after this long without a webhook, ask the server to check with Stripe (once, then keep polling) */
const SYNC_AFTER_MS = 6000
const GIVE_UP_MS = 120_000

export function PaymentConfirmation({
  orderNumber,
  token,
  sessionId,
  initialStatus,
  labels,
}: {
  orderNumber: string
  token: string
  sessionId: string
  initialStatus: OrderStatus
  labels: { confirming: string; paid: string; processing: string; failed: string; slow: string; back: string }
}) {
  const [status, setStatus] = useState<OrderStatus>(initialStatus)
  const [isSlow, setIsSlow] = useState(false)
  const started = useRef(Date.now())
  const synced = useRef(false)

  useEffect(() => {
    if (status !== 'PENDING_PAYMENT' && status !== 'PAYMENT_PROCESSING') return
    let cancelled = false
    const timer = setInterval(async () => {
      const elapsed = Date.now() - started.current
      if (elapsed > GIVE_UP_MS) {
        setIsSlow(true)
        clearInterval(timer)
        return
      }
      const sync = !synced.current && elapsed > SYNC_AFTER_MS
      if (sync) synced.current = true
      try {
        const q = new URLSearchParams({ t: token, session_id: sessionId, sync: sync ? '1' : '0' })
        const res = await fetch(`/api/orders/${encodeURIComponent(orderNumber)}/payment-status?${q}`, {
          cache: 'no-store',
        })
        if (!res.ok || cancelled) return
        const body = (await res.json()) as { status: OrderStatus }
        setStatus(body.status)
        if (elapsed > 20_000) setIsSlow(true)
      } catch {
        // offline for a moment: keep polling
      }
    }, POLL_MS)
    return () => {
      cancelled = true
      clearInterval(timer)
    }
  }, [status, orderNumber, token, sessionId])

  const isPaid = status === 'PAID' || status === 'PARTIALLY_REFUNDED' || status === 'REFUNDED'
  const message = isPaid
    ? labels.paid
    : status === 'PAYMENT_PROCESSING'
      ? labels.processing
      : status === 'CANCELLED'
        ? labels.failed
        : labels.confirming
  return (
    <div className="space-y-4">
      <div
        role="status"
        aria-live="polite"
        data-testid="payment-status"
        data-status={status}
        className="flex items-center gap-3 text-lg"
      >
        {!isPaid && status !== 'CANCELLED' && (
          <span
            aria-hidden
            className="inline-block h-5 w-5 animate-spin rounded-full border-2 border-brand border-t-transparent"
          />
        )}
        <span>{message}</span>
      </div>
      {isSlow && !isPaid && <p className="text-sm text-stone-600">{labels.slow}</p>}
      <Link
        href={`/orders/${encodeURIComponent(orderNumber)}?t=${encodeURIComponent(token)}`}
        className="text-brand hover:underline"
      >
        {labels.back}
      </Link>
    </div>
  )
}

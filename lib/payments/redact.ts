// Stored copies of provider events keep what staff need to follow a payment (ids, types, amounts, statuses) and
// drop everything personal (names, emails, addresses, card details).
const KEEP = [
  'id',
  'object',
  'status',
  'payment_status',
  'amount',
  'amount_total',
  'amount_refunded',
  'amount_received',
  'currency',
  'payment_intent',
  'charge',
  'metadata',
  'reason',
  'refunded',
  'created',
  'expires_at',
  'livemode',
] as const

export function redactStripeEvent(event: {
  id: string
  type: string
  created?: number
  data?: { object?: unknown }
}) {
  const obj = (event.data?.object ?? {}) as Record<string, unknown>
  const kept: Record<string, unknown> = {}
  for (const k of KEEP)
    if (obj[k] !== undefined)
      kept[k] = typeof obj[k] === 'object' && obj[k] !== null && k !== 'metadata' ? '[object]' : obj[k]
  if (obj.payment_intent && typeof obj.payment_intent === 'object')
    kept.payment_intent = (obj.payment_intent as { id?: string }).id
  return { id: event.id, type: event.type, created: event.created, object: kept }
}

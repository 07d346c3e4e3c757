/** What an adapter makes of a verified delivery: only wire-format facts, no business rule. */
export type TInboundEvent = {
  /** the provider's id of this event (unique per provider): the duplicate filter */
  eventId: string
  type: string
  /** the redacted copy staff may see; handlers read their ids from it and re-fetch the rest */
  payload: unknown
  /** our order, when the event says so in a field we set ourselves (metadata, extOrderId) */
  orderId?: string | null
}

export type TVerifyResult =
  | { ok: true; event: TInboundEvent }
  | { ok: false; reason: string; claimedType?: string | null }

/**
 * A provider's inbound wire format: how to verify a delivery over its raw bytes, and what its id, type and
 * redacted payload are. One per provider in lib/intake/adapters; the route, the store-and-enqueue statement, the
 * refusal records and the processing task are shared.
 */
export type InboundAdapter = {
  provider: string
  /** larger bodies are refused with 413 before they are read whole */
  maxBodyBytes: number
  verify(raw: Buffer, headers: Headers, now: Date): TVerifyResult | Promise<TVerifyResult>
  /** the answer body the provider expects on success (most ignore it) */
  ack?(r: { duplicate: boolean }): { status: number; body: unknown }
}

/** Where an inbound fact came from: a webhook, or a poller that found it (reconciliation, IMAP, courier, KSeF). */
export type TInboundSource = 'webhook' | 'reconciliation' | 'poll' | (string & {})

/** What processing one stored event did, recorded with the attempt and shown on the order's timeline. */
export type TProcessingOutcome = {
  outcome: 'processed' | 'ignored' | 'flagged' | 'refused'
  detail: string
  orderId?: string | null
  emailMessageId?: string | null
}

/** A stored event as its handler sees it. */
export type TStoredEvent = {
  id: string
  provider: string
  eventId: string
  type: string
  source: string
  payload: unknown
  orderId: string | null
}

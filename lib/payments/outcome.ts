/** What processing one provider fact did: shown on the order timeline and stored with the processing attempt. */
export type ProcessingOutcome = {
  outcome: 'processed' | 'ignored' | 'flagged'
  detail: string
  orderId?: string | null
}

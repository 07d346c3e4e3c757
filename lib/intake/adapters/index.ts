import type { InboundAdapter } from '../types'
import { payuAdapter } from './payu'
import { resendAdapter } from './resend'
import { stripeAdapter } from './stripe'

/** The provider registry of the intake: /api/webhooks/<provider> answers for these. */
export const adapters: Record<string, InboundAdapter> = {
  stripe: stripeAdapter,
  resend: resendAdapter,
  payu: payuAdapter,
}

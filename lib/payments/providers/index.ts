import 'server-only'
import type { PaymentMethod } from '@/generated/prisma/enums'
import { env } from '@/lib/env'
import { payuConfig } from '@/lib/integrations/payu'
import { payuProvider } from './payu'
import { stripeProvider } from './stripe'
import type { PaymentProvider, TProviderId } from './types'

/** The provider registry: every gateway behind the payment-provider interface. */
export const paymentProviders: Record<TProviderId, PaymentProvider> = {
  stripe: stripeProvider,
  payu: payuProvider,
}

export const isProviderId = (p: string): p is TProviderId => Object.hasOwn(paymentProviders, p)

export const providerName = (id: string) => (isProviderId(id) ? paymentProviders[id].name : id)

const isConfigured = (p: TProviderId) => (p === 'payu' ? payuConfig() !== null : true)

/**
 * The methods the checkout offers, in the order of CHECKOUT_METHODS, each with the provider that takes it; a
 * method whose provider is not configured is left out.
 */
export function checkoutMethods(): { method: PaymentMethod; provider: TProviderId }[] {
  const out: { method: PaymentMethod; provider: TProviderId }[] = []
  for (const method of env.CHECKOUT_METHODS) {
    const provider = (Object.keys(paymentProviders) as TProviderId[]).find(
      (p) => isConfigured(p) && paymentProviders[p].methods.includes(method),
    )
    if (provider) out.push({ method, provider })
  }
  return out
}

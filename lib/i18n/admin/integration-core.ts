// Admin strings of the integration core (order flags, fulfilment, webhooks intake).
export const integrationCoreStrings = {
  en: {
    needsAttention: 'Needs attention',
    fulfilment: 'Fulfilment',
    fulfilmentStatus: {
      UNFULFILLED: 'unfulfilled',
      IN_PREPARATION: 'in preparation',
      SHIPPED: 'shipped',
      READY_FOR_PICKUP: 'ready for pickup',
      DELIVERED: 'delivered',
      RETURNED: 'returned',
    },
    refusedLastHour: 'Refused deliveries in the last hour (all of them counted; a few kept as samples below)',
    noRefusals: 'No refused deliveries in the last hour.',
    provider: 'Provider',
    reason: 'Reason',
    count: 'Count',
    paymentsHeading: 'Payments',
    doublePaymentHelp:
      'When a customer pays twice for one order (e.g. a second PayU payment), the second payment is flagged on the order.',
    doublePaymentRefund: 'Refund the second payment automatically',
    doublePaymentFlagOnly: 'Only flag it; staff decide',
    save: 'Save',
    saving: 'Saving…',
  },
  pl: {
    needsAttention: 'Wymaga uwagi',
    fulfilment: 'Realizacja',
    fulfilmentStatus: {
      UNFULFILLED: 'niezrealizowane',
      IN_PREPARATION: 'w przygotowaniu',
      SHIPPED: 'wysłane',
      READY_FOR_PICKUP: 'do odbioru',
      DELIVERED: 'doręczone',
      RETURNED: 'zwrócone',
    },
    refusedLastHour:
      'Odrzucone dostawy w ostatniej godzinie (wszystkie policzone; kilka zachowanych jako próbki poniżej)',
    noRefusals: 'Brak odrzuconych dostaw w ostatniej godzinie.',
    provider: 'Dostawca',
    reason: 'Powód',
    count: 'Liczba',
    paymentsHeading: 'Płatności',
    doublePaymentHelp:
      'Gdy klient zapłaci dwa razy za jedno zamówienie (np. drugą płatnością PayU), druga płatność zostaje oznaczona na zamówieniu.',
    doublePaymentRefund: 'Zwróć drugą płatność automatycznie',
    doublePaymentFlagOnly: 'Tylko oznacz; decyzja należy do obsługi',
    save: 'Zapisz',
    saving: 'Zapisywanie…',
  },
} as const

// Shop strings of the payment-method choice (card through Stripe; BLIK and fast transfer through PayU).
export const checkoutMethodStrings = {
  en: {
    legend: 'Payment method',
    card: 'Card',
    blik: 'BLIK',
    bank_transfer: 'Fast bank transfer',
  },
  pl: {
    legend: 'Metoda płatności',
    card: 'Karta płatnicza',
    blik: 'BLIK',
    bank_transfer: 'Szybki przelew',
  },
} as const

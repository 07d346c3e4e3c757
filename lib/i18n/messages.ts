import type { Locale } from './locales'
import { translateShippingMessage } from './shop/delivery'

// Validation and domain messages are written in English in the code; Polish visitors see them translated here.
const PL: Record<string, string> = {
  required: 'pole wymagane',
  'enter a valid email address': 'podaj poprawny adres e-mail',
  'enter a valid phone number': 'podaj poprawny numer telefonu',
  'not a valid NIP (check the digits)': 'nieprawidłowy NIP (sprawdź cyfry)',
  'required when a NIP is given': 'wymagane, gdy podano NIP',
  'must look like 00-000': 'wpisz w formacie 00-000',
  'must be a two-letter country code': 'dwuliterowy kod kraju, np. PL',
  'you must accept the terms': 'zaakceptuj regulamin, aby złożyć zamówienie',
  'the cart is empty': 'koszyk jest pusty',
  'Please correct the highlighted fields.': 'Popraw zaznaczone pola.',
  'The order is not valid.': 'Popraw zaznaczone pola.',
  'Prices have changed since you opened the cart. Please review your order.':
    'Ceny zmieniły się od otwarcia koszyka. Sprawdź zamówienie.',
  'Some products in the cart are no longer sold.': 'Niektóre produkty z koszyka nie są już sprzedawane.',
  'Something went wrong on our side. Nothing was changed; please try again.':
    'Coś poszło nie tak po naszej stronie. Nic nie zostało zmienione; spróbuj ponownie.',
}

export function translateMessage(message: string, locale: Locale): string {
  if (locale === 'en') return message
  const stock = message.match(/^Not enough stock for: (.*)\.$/)
  if (stock) return `Za mało sztuk w magazynie: ${stock[1]}.`
  return PL[message] ?? translateShippingMessage(message) ?? message
}

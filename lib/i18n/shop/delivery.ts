// Shop strings of the delivery step (checkout) and the shipment block on the order page.
export const deliveryMessages = {
  en: {
    legend: 'Delivery',
    free: 'free',
    freeFrom: (amount: string) => `free from ${amount}`,
    tooHeavy: (kg: string) => `parcels up to ${kg} kg`,
    lockerHeading: 'Parcel locker',
    lockerSearch: 'Find a locker by city, postcode or locker name',
    lockerSearchButton: 'Search',
    lockerSearching: 'Searching…',
    lockerNone: 'No lockers found. Try a city (Kraków), a postcode (31-153) or a locker name (KRA010).',
    lockerError: 'The locker list is not available right now. Try again in a moment.',
    lockerChosen: 'Chosen locker: {name}',
    lockerChange: 'Change',
    total: 'Total with delivery',
    phoneHint: 'The carrier sends delivery updates to this phone (a Polish number, 9 digits).',
    shipmentHeading: 'Shipment',
    method: 'Method',
    point: 'Parcel locker',
    tracking: 'Tracking number',
    track: 'Track the parcel',
    stage: {
      UNFULFILLED: 'Waiting to be packed',
      IN_PREPARATION: 'Being prepared',
      SHIPPED: 'Shipped',
      READY_FOR_PICKUP: 'Ready for pickup',
      DELIVERED: 'Delivered',
      RETURNED: 'Returned to us',
    },
  },
  pl: {
    legend: 'Dostawa',
    free: 'za darmo',
    freeFrom: (amount: string) => `za darmo od ${amount}`,
    tooHeavy: (kg: string) => `paczki do ${kg} kg`,
    lockerHeading: 'Paczkomat',
    lockerSearch: 'Znajdź paczkomat: miasto, kod pocztowy lub nazwa',
    lockerSearchButton: 'Szukaj',
    lockerSearching: 'Szukam…',
    lockerNone: 'Nie znaleziono paczkomatów. Spróbuj miasta (Kraków), kodu (31-153) lub nazwy (KRA010).',
    lockerError: 'Lista paczkomatów jest chwilowo niedostępna. Spróbuj za chwilę.',
    lockerChosen: 'Wybrany paczkomat: {name}',
    lockerChange: 'Zmień',
    total: 'Razem z dostawą',
    phoneHint: 'Przewoźnik wyśle na ten numer informacje o dostawie (polski numer, 9 cyfr).',
    shipmentHeading: 'Przesyłka',
    method: 'Sposób dostawy',
    point: 'Paczkomat',
    tracking: 'Numer przesyłki',
    track: 'Śledź przesyłkę',
    stage: {
      UNFULFILLED: 'Czeka na spakowanie',
      IN_PREPARATION: 'W przygotowaniu',
      SHIPPED: 'Wysłane',
      READY_FOR_PICKUP: 'Czeka na odbiór',
      DELIVERED: 'Doręczone',
      RETURNED: 'Zwrócone do nas',
    },
  },
}
export type DeliveryMessages = (typeof deliveryMessages)['en']

/** What the checkout's client component gets: strings only (functions cannot cross to the browser). */
export function clientDeliveryLabels(locale: 'pl' | 'en') {
  const { freeFrom: _f, tooHeavy: _t, ...rest } = deliveryMessages[locale]
  return rest
}
export type ClientDeliveryLabels = ReturnType<typeof clientDeliveryLabels>

const SHIPPING_PL: Record<string, string> = {
  'choose a delivery method': 'wybierz sposób dostawy',
  'Choose a delivery method.': 'Wybierz sposób dostawy.',
  'Choose a parcel locker.': 'Wybierz paczkomat.',
  'choose a parcel locker': 'wybierz paczkomat',
  'This delivery method is no longer offered; choose another.':
    'Ten sposób dostawy nie jest już dostępny; wybierz inny.',
  'This delivery method is not offered for this currency.':
    'Ten sposób dostawy nie jest dostępny w tej walucie.',
  'The carrier needs a Polish phone number (9 digits).':
    'Przewoźnik potrzebuje polskiego numeru telefonu (9 cyfr).',
  'the carrier needs a Polish phone number (9 digits)':
    'przewoźnik potrzebuje polskiego numeru telefonu (9 cyfr)',
  'Our couriers deliver to Polish addresses only.': 'Nasi kurierzy doręczają tylko na adresy w Polsce.',
  'couriers deliver in Poland only (00-000)': 'kurierzy doręczają tylko w Polsce (00-000)',
}

/** Polish for the delivery step's domain messages (called by lib/i18n/messages.ts). */
export function translateShippingMessage(message: string): string | null {
  const gone = message.match(/^Parcel locker (\S+) no longer exists\. Please choose another one\.$/)
  if (gone) return `Paczkomat ${gone[1]} już nie istnieje. Wybierz inny.`
  const heavy = message.match(/^This delivery method takes parcels up to (\S+) kg; choose another\.$/)
  if (heavy) return `Ten sposób dostawy przyjmuje paczki do ${heavy[1]} kg; wybierz inny.`
  return SHIPPING_PL[message] ?? null
}

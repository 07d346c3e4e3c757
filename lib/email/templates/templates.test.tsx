import { describe, expect, it } from 'vitest'
import { formatMinutes, formatMoney } from './format.ts'
import {
  type Locale,
  renderEmail,
  type TemplateName,
  type TemplateProps,
  templateNames,
  templates,
} from './index.ts'

const NBSP = '\u00a0'
const locales: Locale[] = ['pl', 'en']
const orderUrl = 'http://localhost:3000/orders/ord_123?lang=pl&x=1'

const fixtures: { [N in TemplateName]: (locale: Locale) => TemplateProps<N> } = {
  'order-received': (locale) => ({
    locale,
    orderNumber: 'HL-2026-0042',
    customerName: 'Zofia Łęcka',
    lines: [
      { name: 'Kołowrotek Żuraw 3000', quantity: 2, unitPriceMinor: 4999, totalMinor: 9998 },
      { name: 'Żyłka 0,25 mm', quantity: 1, unitPriceMinor: 2347, totalMinor: 2347 },
    ],
    totalMinor: 12345,
    currency: 'PLN',
    orderUrl,
    placedAt: '2026-03-05T10:15:00Z',
  }),
  'payment-confirmed': (locale) => ({
    locale,
    orderNumber: 'HL-2026-0042',
    customerName: 'Zofia Łęcka',
    totalMinor: 12345,
    currency: 'PLN',
    paidAt: new Date('2026-03-05T10:20:00Z'),
    orderUrl,
    invoiceNumber: 'FV/2026/03/0007',
  }),
  'refund-confirmed': (locale) => ({
    locale,
    orderNumber: 'HL-2026-0042',
    customerName: 'Zofia Łęcka',
    refundedMinor: 12345,
    currency: 'PLN',
    correctiveInvoiceNumber: 'FK/2026/03/0001',
    orderUrl,
  }),
  'shipment-status': (locale) => ({
    locale,
    stage: 'ready_for_pickup',
    orderNumber: 'HL-2026-0042',
    customerName: 'Zofia Łęcka',
    carrierName: 'InPost',
    trackingNumber: '602677439331630337653846',
    trackingUrl: 'https://inpost.pl/sledzenie-przesylek?number=602677439331630337653846',
    pointName: 'KRA010',
    pointAddress: 'Warszawska 24, 31-153 Kraków',
    pickupCode: '123456',
    orderUrl,
  }),
  'sign-in-link': (locale) => ({
    locale,
    url: 'http://localhost:3000/api/auth/callback/email?token=t0k3n&email=zofia%40example.com',
    expiresInMinutes: 15,
  }),
  'staff-alert': (locale) => ({
    locale,
    title: 'Stripe webhook rejected',
    details: 'event evt_123: signature mismatch\nsecond line <b>not html</b>',
    adminUrl: 'http://localhost:3000/admin/integrations',
  }),
  'staff-reply': (locale) => ({
    locale,
    subject: 'Re: Zamówienie HL-2026-0042',
    body: 'Dzień dobry,\nadres zmieniony.\n\nPozdrawiamy <b>Hookline</b>',
    orderNumber: 'HL-2026-0042',
    orderUrl,
  }),
}

const expected: Record<TemplateName, Record<Locale, { subject: string; texts: string[] }>> = {
  'staff-reply': {
    pl: {
      subject: 'Re: Zamówienie HL-2026-0042',
      texts: ['adres zmieniony.', 'Pozdrawiamy', 'Zamówienie HL-2026-0042'],
    },
    en: {
      subject: 'Re: Zamówienie HL-2026-0042',
      texts: ['adres zmieniony.', 'Pozdrawiamy', 'Order HL-2026-0042'],
    },
  },
  'order-received': {
    pl: {
      subject: 'Przyjęliśmy Twoje zamówienie HL-2026-0042',
      texts: [
        'Dzień dobry Zofia Łęcka',
        `123,45${NBSP}zł`,
        `49,99${NBSP}zł`,
        'Kołowrotek Żuraw 3000',
        '5 marca 2026 11:15',
      ],
    },
    en: {
      subject: 'We have received your order HL-2026-0042',
      texts: ['Hello Zofia Łęcka', `PLN${NBSP}123.45`, `PLN${NBSP}49.99`, '5 March 2026 at 11:15'],
    },
  },
  'payment-confirmed': {
    pl: {
      subject: 'Płatność za zamówienie HL-2026-0042 potwierdzona',
      texts: [`123,45${NBSP}zł`, 'fakturę FV/2026/03/0007 w formacie PDF', '5 marca 2026 11:20'],
    },
    en: {
      subject: 'Payment confirmed for order HL-2026-0042',
      texts: [
        `PLN${NBSP}123.45`,
        'Invoice FV/2026/03/0007 is attached to this email as a PDF',
        '5 March 2026 at 11:20',
      ],
    },
  },
  'refund-confirmed': {
    pl: {
      subject: 'Zwrot środków za zamówienie HL-2026-0042',
      texts: [`zwrot 123,45${NBSP}zł`, 'fakturę korygującą FK/2026/03/0001', '5–10 dni roboczych'],
    },
    en: {
      subject: 'Refund for order HL-2026-0042',
      texts: [`refunded PLN${NBSP}123.45`, 'corrective invoice FK/2026/03/0001'],
    },
  },
  'shipment-status': {
    pl: {
      subject: 'Zamówienie HL-2026-0042 czeka na odbiór',
      texts: [
        'Punkt odbioru: KRA010, Warszawska 24, 31-153 Kraków',
        'Kod odbioru: 123456',
        'Numer przesyłki: 602677439331630337653846',
      ],
    },
    en: {
      subject: 'Order HL-2026-0042 is ready for pickup',
      texts: ['Pickup point: KRA010', 'Pickup code: 123456', 'Tracking number: 602677439331630337653846'],
    },
  },
  'sign-in-link': {
    pl: { subject: 'Twój link do logowania w Hookline Demo Shop', texts: ['przez 15 minut', 'Zaloguj się'] },
    en: { subject: 'Your sign-in link for Hookline Demo Shop', texts: ['valid for 15 minutes', 'Sign in'] },
  },
  'staff-alert': {
    pl: {
      subject: '[Hookline] Wymaga uwagi: Stripe webhook rejected',
      texts: ['Otwórz panel administracyjny', 'signature mismatch'],
    },
    en: { subject: '[Hookline] Needs attention: Stripe webhook rejected', texts: ['Open the admin panel'] },
  },
}

const linkOf = (name: TemplateName, props: Record<string, unknown>) =>
  String(props[{ 'sign-in-link': 'url', 'staff-alert': 'adminUrl' }[name as string] ?? 'orderUrl'])

describe('email templates', () => {
  it('registers every template with a component and a subject', () => {
    expect(templateNames.sort()).toEqual([
      'order-received',
      'payment-confirmed',
      'refund-confirmed',
      'shipment-status',
      'sign-in-link',
      'staff-alert',
      'staff-reply',
    ])
    for (const name of templateNames) {
      expect(typeof templates[name].component).toBe('function')
      expect(typeof templates[name].subject).toBe('function')
    }
  })

  for (const name of templateNames) {
    for (const locale of locales) {
      it(`${name} (${locale}) renders subject, copy, link and no remote assets`, async () => {
        const props = fixtures[name](locale)
        // biome-ignore lint/suspicious/noExplicitAny: iterating the registry loses the name/props correlation
        const { subject, html, text } = await renderEmail(name, props as any)
        const want = expected[name][locale]
        expect(subject).toBe(want.subject)
        expect(subject).toBe(templates[name].subject(props as never))
        for (const s of want.texts) {
          expect(html).toContain(s.replace(/&/g, '&amp;').replace(/</g, '&lt;'))
          expect(text).toContain(s)
        }
        expect(html).toContain(`lang="${locale}"`)
        expect(html).toContain('Hookline Demo Shop')
        expect(html).toContain('#0f766e')
        // Offline: no remote images, stylesheets, fonts or scripts.
        expect(html).not.toMatch(/<img\b[^>]*\bsrc=["']?https?:/i)
        expect(html).not.toMatch(/url\(\s*["']?https?:/i)
        expect(html).not.toMatch(/<link\b|<script\b|@import|@font-face/i)
        const link = linkOf(name, props as Record<string, unknown>)
        expect(html).toContain(`href="${link.replace(/&/g, '&amp;')}"`)
        expect(text).toContain(link)
        expect(text).not.toMatch(/<(p|div|table|td|a|span)\b/i)
      })
    }
  }

  it('mentions the invoice only when there is one', async () => {
    for (const locale of locales) {
      const { text } = await renderEmail('payment-confirmed', {
        ...fixtures['payment-confirmed'](locale),
        invoiceNumber: null,
      })
      expect(text).not.toMatch(/PDF|faktur/i)
      const refund = await renderEmail('refund-confirmed', {
        ...fixtures['refund-confirmed'](locale),
        correctiveInvoiceNumber: null,
      })
      expect(refund.text).not.toMatch(/korygując|corrective/i)
    }
  })

  it('keeps the staff alert details as escaped text, one line each', async () => {
    const { html, text } = await renderEmail('staff-alert', fixtures['staff-alert']('en'))
    expect(html).toContain('second line &lt;b&gt;not html&lt;/b&gt;')
    expect(text).toContain('event evt_123: signature mismatch\nsecond line <b>not html</b>')
  })
})

describe('formatting', () => {
  it('formats integer minor units exactly, per currency and locale', () => {
    expect(formatMoney(12345, 'PLN', 'pl')).toBe(`123,45${NBSP}zł`)
    expect(formatMoney(12345, 'PLN', 'en')).toBe(`PLN${NBSP}123.45`)
    expect(formatMoney(123456789, 'PLN', 'pl')).toBe(`1${NBSP}234${NBSP}567,89${NBSP}zł`)
    expect(formatMoney(123450, 'EUR', 'en')).toBe('€1,234.50')
    expect(formatMoney(5, 'EUR', 'pl')).toBe(`0,05${NBSP}€`)
    expect(formatMoney(-1999, 'PLN', 'pl')).toBe(`-19,99${NBSP}zł`)
    expect(formatMoney(500, 'JPY', 'en')).toBe('JP¥500')
    // Beyond float precision for the major unit: still exact.
    expect(formatMoney(9007199254740991, 'PLN', 'en')).toBe(`PLN${NBSP}90,071,992,547,409.91`)
    expect(() => formatMoney(12.5, 'PLN', 'pl')).toThrow(/minor units/)
  })

  it('declines minutes properly in Polish', () => {
    expect([1, 2, 5, 12, 22, 25].map((n) => formatMinutes(n, 'pl'))).toEqual([
      '1 minutę',
      '2 minuty',
      '5 minut',
      '12 minut',
      '22 minuty',
      '25 minut',
    ])
    expect([1, 15].map((n) => formatMinutes(n, 'en'))).toEqual(['1 minute', '15 minutes'])
  })

  it('types renderEmail props per template', () => {
    // Compile-time only: tsc fails if these stop being errors.
    const wrong = () => {
      // @ts-expect-error expiresInMinutes is required for sign-in-link
      void renderEmail('sign-in-link', { locale: 'pl', url: 'http://x' })
      const alert = { locale: 'en', title: 't', details: 'd', adminUrl: 'u' } as const
      // @ts-expect-error a staff alert is not an order email
      void renderEmail('order-received', alert)
    }
    expect(typeof wrong).toBe('function')
  })
})

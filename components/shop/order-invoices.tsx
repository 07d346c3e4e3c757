import { prisma } from '@/lib/db'
import type { Locale } from '@/lib/i18n/locales'
import { listOrderInvoices, type TOrderInvoice } from '@/lib/invoices/queries'
import { formatMoney } from '@/lib/money'

const copy = {
  pl: {
    heading: 'Faktury',
    invoice: 'Faktura VAT',
    corrective: 'Faktura korygująca',
    download: 'Pobierz PDF',
    pending: 'PDF w przygotowaniu',
  },
  en: {
    heading: 'Invoices',
    invoice: 'VAT invoice',
    corrective: 'Corrective invoice',
    download: 'Download PDF',
    pending: 'PDF being prepared',
  },
} satisfies Record<Locale, unknown>

/** Download link of an invoice PDF; carries the order's secret token when the page was opened with one. */
export function invoicePdfHref(orderNumber: string, invoiceId: string, token?: string | null) {
  const path = `/orders/${encodeURIComponent(orderNumber)}/invoices/${invoiceId}`
  return token ? `${path}?t=${encodeURIComponent(token)}` : path
}

/** The order's invoices with download links, for the customer's order page. */
export function OrderInvoices({
  orderNumber,
  token,
  invoices,
  locale,
}: {
  orderNumber: string
  token?: string | null
  invoices: TOrderInvoice[]
  locale: Locale
}) {
  if (invoices.length === 0) return null
  const t = copy[locale]
  return (
    <section aria-labelledby="invoices-heading">
      <h2 id="invoices-heading" className="font-semibold">
        {t.heading}
      </h2>
      <ul className="mt-2 space-y-1 text-sm">
        {invoices.map((i) => (
          <li key={i.id} className="flex flex-wrap items-baseline gap-x-3" data-testid="customer-invoice">
            <span>
              {i.kind === 'INVOICE' ? t.invoice : t.corrective} {i.number}
            </span>
            <span className="text-stone-600">
              {i.issueDate.toISOString().slice(0, 10)} · {formatMoney(i.totalGrossMinor, i.currency, locale)}
            </span>
            {i.pdf ? (
              <a
                href={invoicePdfHref(orderNumber, i.id, token)}
                className="text-brand hover:underline"
                rel="nofollow"
              >
                {t.download}
              </a>
            ) : (
              <span className="text-stone-500">{t.pending}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}

/** Loads the order's invoices and renders them (the order page has already checked access to the order). */
export async function OrderInvoicesSection(props: {
  orderId: string
  orderNumber: string
  token?: string | null
  locale: Locale
}) {
  const invoices = await listOrderInvoices(prisma, props.orderId)
  return <OrderInvoices {...props} invoices={invoices} />
}

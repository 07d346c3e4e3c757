import Link from 'next/link'
import { retryOrderInvoicesAction, updateInvoiceBuyerAction } from '@/app/admin/invoices/actions'
import { ActionForm } from '@/components/admin/action-form'
import { Alert } from '@/components/ui/alert'
import { prisma } from '@/lib/db'
import { getOrderInvoicesForStaff } from '@/lib/invoices/queries'
import { formatDate, formatMoney } from '@/lib/money'

const input = 'mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-sm'

/** The admin order page's invoice panel: documents with downloads, invoicing errors, and the fixes staff can make. */
export async function OrderInvoices({
  orderId,
  isReadOnly = false,
}: {
  orderId: string
  isReadOnly?: boolean
}) {
  const data = await getOrderInvoicesForStaff(prisma, orderId)
  if (!data) return null
  const open = data.problems.filter((p) => !p.isResolved)
  return (
    <section aria-labelledby="invoices-heading" className="space-y-3">
      <h2 id="invoices-heading" className="text-lg font-semibold">
        Invoices
      </h2>
      {open.length > 0 && (
        <Alert>
          <p className="font-medium">{open[0]!.message}</p>
          <p className="mt-1">
            Fix the cause (seller data in{' '}
            <Link href="/admin/settings" className="underline">
              Settings
            </Link>
            , or the buyer data below); invoicing then runs again by itself.
          </p>
        </Alert>
      )}
      {data.invoices.length === 0 ? (
        <p className="text-sm text-stone-600">No invoice issued yet.</p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-stone-300">
              <th scope="col" className="py-2">
                Number
              </th>
              <th scope="col">Kind</th>
              <th scope="col">Issued</th>
              <th scope="col" className="text-right">
                Gross
              </th>
              <th scope="col">Files</th>
            </tr>
          </thead>
          <tbody>
            {data.invoices.map((i) => (
              <tr key={i.id} className="border-b border-stone-200" data-testid="order-invoice">
                <td className="py-2 font-mono text-xs">{i.number}</td>
                <td>{i.kind === 'INVOICE' ? 'Invoice' : 'Corrective'}</td>
                <td>{i.issueDate.toISOString().slice(0, 10)}</td>
                <td className="text-right">{formatMoney(i.totalGrossMinor, i.currency, 'en')}</td>
                <td className="space-x-3">
                  {i.pdf ? (
                    <a href={`/admin/invoices/${i.id}/pdf`} className="text-brand hover:underline">
                      PDF
                    </a>
                  ) : (
                    <span className="text-stone-500">PDF pending</span>
                  )}
                  <a href={`/admin/invoices/${i.id}/xml`} className="text-brand hover:underline">
                    XML
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.problems.length > 0 && (
        <details className="text-sm">
          <summary className="cursor-pointer text-stone-600">
            Invoicing errors ({data.problems.length})
          </summary>
          <ul className="mt-2 space-y-1">
            {data.problems.map((p) => (
              <li key={p.id} className={p.isResolved ? 'text-stone-500' : 'text-red-800'}>
                <time dateTime={p.createdAt.toISOString()}>{formatDate(p.createdAt, 'en')}</time> {p.message}
                {p.isResolved && ' (resolved)'}
              </li>
            ))}
          </ul>
        </details>
      )}
      {data.isMissingDocuments && !isReadOnly && (
        <div className="flex flex-wrap items-start gap-8">
          <ActionForm
            action={retryOrderInvoicesAction}
            hidden={{ orderId }}
            label="Retry invoicing now"
            variant="secondary"
          />
          {data.canEditBuyer && open.length > 0 && (
            <ActionForm
              action={updateInvoiceBuyerAction}
              hidden={{ orderId }}
              label="Save buyer data and retry"
              variant="secondary"
            >
              <fieldset className="grid w-96 gap-2">
                <legend className="text-sm font-medium">
                  Buyer on the invoice (both blank: private person)
                </legend>
                <label className="text-sm">
                  Company name
                  <input name="companyName" defaultValue={data.buyer.companyName ?? ''} className={input} />
                </label>
                <label className="text-sm">
                  NIP
                  <input name="nip" defaultValue={data.buyer.nip ?? ''} className={input} />
                </label>
              </fieldset>
            </ActionForm>
          )}
        </div>
      )}
    </section>
  )
}

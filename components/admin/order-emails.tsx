import { resendEmailAction } from '@/app/admin/emails/actions'
import { ActionForm } from '@/components/admin/action-form'
import { EmailCells } from '@/components/admin/email-cells'
import { prisma } from '@/lib/db'
import { listOrderEmails } from '@/lib/email/queries'
import { isProblem } from '@/lib/email/status'
import { formatDate } from '@/lib/money'

/** The order's emails with their delivery status; staff can send any of them again. */
export async function OrderEmails({
  orderId,
  isReadOnly = false,
}: {
  orderId: string
  isReadOnly?: boolean
}) {
  const emails = await listOrderEmails(prisma, orderId)
  return (
    <section aria-labelledby="emails-heading">
      <h2 id="emails-heading" className="text-lg font-semibold">
        Emails
      </h2>
      {emails.length === 0 ? (
        <p className="mt-2 text-sm text-stone-600">No emails for this order yet.</p>
      ) : (
        <table className="mt-2 w-full text-left text-sm">
          <thead>
            <tr className="border-b border-stone-300">
              <th scope="col" className="py-2">
                Queued
              </th>
              <th scope="col">Email</th>
              <th scope="col">To</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last error</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {emails.map((m) => (
              <tr
                key={m.id}
                data-testid="order-email"
                data-status={m.status}
                className={`border-b border-stone-200 align-top ${isProblem(m.status) ? 'bg-red-50' : ''}`}
              >
                <td className="py-2">{formatDate(m.createdAt, 'en')}</td>
                <EmailCells email={m} />
                <td>
                  {!isReadOnly && (
                    <ActionForm
                      action={resendEmailAction}
                      hidden={{ emailMessageId: m.id, orderId }}
                      label="Resend"
                      variant="secondary"
                      confirm={`Send "${m.template}" to ${m.toAddress} again?`}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

import { EmailStatusBadge } from '@/components/admin/email-status-badge'
import type { EmailStatus } from '@/generated/prisma/enums'

type Email = {
  template: string
  subject: string | null
  toAddress: string
  status: EmailStatus
  attempts: number
  lastError: string | null
  resendOfId?: string | null
}

/** The cells every email table shows (template, recipient, status, attempts, last error), in that order. */
export function EmailCells({ email: m }: { email: Email }) {
  return (
    <>
      <td>
        <span className="font-mono text-xs">{m.template}</span>
        {m.subject && <div className="text-stone-600">{m.subject}</div>}
        {m.resendOfId && <div className="text-xs text-stone-500">resent copy</div>}
      </td>
      <td className="break-all">{m.toAddress}</td>
      <td>
        <EmailStatusBadge status={m.status} />
      </td>
      <td>{m.attempts}</td>
      <td className="max-w-xs break-words text-red-800">{m.lastError}</td>
    </>
  )
}

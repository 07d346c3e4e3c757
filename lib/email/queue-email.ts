import type { Prisma } from '@/generated/prisma/client'
import type { DbTx } from '@/lib/db'
import type { Locale } from '@/lib/i18n/locales'
import { enqueueJob } from '@/lib/jobs/enqueue'
import { SEALED_PROPS_KEY, sealProps } from './sealed'

export type QueueEmailInput = {
  /** a template name from lib/email/templates */
  template: string
  to: string
  locale: Locale
  /** what the email is about, e.g. `invoice/<id>/email`; the same key never sends twice */
  idempotencyKey: string
  orderId?: string | null
  props: Record<string, unknown>
  /** props that are secrets (e.g. a guest's private order link): stored encrypted, merged into props at send time */
  secretProps?: Record<string, string>
  /** invoice PDFs to attach; the send job waits until they are rendered */
  attachInvoiceIds?: string[]
  resendOfId?: string
}

/**
 * Records an email and queues its sending in the caller's transaction (outbox). A second call with the same
 * idempotency key is a no-op and returns the existing message, also when both run at the same time (the insert is
 * ON CONFLICT DO NOTHING: a concurrent caller waits for the first one's commit instead of failing its transaction).
 */
export async function queueEmail(
  tx: DbTx,
  input: QueueEmailInput,
): Promise<{ emailMessageId: string; isNew: boolean }> {
  const { count } = await tx.emailMessage.createMany({
    data: [
      {
        idempotencyKey: input.idempotencyKey,
        template: input.template,
        toAddress: input.to,
        locale: input.locale,
        orderId: input.orderId ?? null,
        props: (input.secretProps
          ? { ...input.props, [SEALED_PROPS_KEY]: sealProps(input.secretProps) }
          : input.props) as Prisma.InputJsonValue,
        attachmentInvoiceIds: input.attachInvoiceIds ?? [],
        resendOfId: input.resendOfId ?? null,
      },
    ],
    skipDuplicates: true,
  })
  const msg = await tx.emailMessage.findUniqueOrThrow({
    where: { idempotencyKey: input.idempotencyKey },
    select: { id: true },
  })
  if (count === 0) return { emailMessageId: msg.id, isNew: false }
  await enqueueJob(tx, 'send-email', { emailMessageId: msg.id }, { jobKey: `email/${msg.id}` })
  return { emailMessageId: msg.id, isNew: true }
}

import 'server-only'
import type { EmailMessage } from '@/generated/prisma/client'
import type { Db, DbTx } from '@/lib/db'
import { env } from '@/lib/env'
import { AppError } from '@/lib/errors'
import { plusAddress } from '@/lib/inbox/plus-address'
import { type OutgoingEmail, type SendFailure, sendEmail } from '@/lib/integrations/resend'
import { openProps } from './sealed'
import { isAccepted } from './status'
import { type RenderedEmail, renderEmail, type TemplateName, templateNames } from './templates'

// Resend remembers an idempotency key for 24 h. A message left SENDING longer than that may or may not have gone
// out, and a new call could not be matched to the first one: staff decide (a deliberate resend has its own key).
const IDEMPOTENCY_WINDOW_MS = 23 * 60 * 60 * 1000

export type SendContext = { attempt: number; maxAttempts: number }
export type SendOutcome =
  | { outcome: 'sent'; providerMessageId: string }
  | { outcome: 'already-sent'; providerMessageId: string | null }

export const EMAIL_TAG = 'email_message_id'

/**
 * Sends one queued EmailMessage through Resend, at most once: the row is marked SENDING (attempts + 1) before the
 * call, and the call carries the row's idempotency key, so a retry after a crash, a lost answer or a duplicated job
 * gets the first message back instead of a second email. Transient provider errors throw a retryable error (the job
 * backs off); permanent ones mark the message FAILED, note it on the order and throw a non-retryable error (dead
 * letter). The last failed attempt is marked FAILED as well, so staff see it on the order page.
 */
export async function sendQueuedEmail(
  db: Db,
  emailMessageId: string,
  ctx: SendContext,
  opts: { timeoutMs?: number } = {},
): Promise<SendOutcome> {
  const msg = await db.emailMessage.findUnique({ where: { id: emailMessageId } })
  if (!msg)
    throw new AppError('NOT_FOUND', `email message ${emailMessageId} does not exist`, { isRetryable: false })
  if (isAccepted(msg.status)) return { outcome: 'already-sent', providerMessageId: msg.providerMessageId }
  if (
    msg.status === 'SENDING' &&
    msg.attempts > 0 &&
    Date.now() - msg.updatedAt.getTime() > IDEMPOTENCY_WINDOW_MS
  ) {
    return fail(
      db,
      msg,
      'the last attempt is older than the provider idempotency window; resend it deliberately',
    )
  }

  let rendered: RenderedEmail
  try {
    rendered = await render(db, msg)
  } catch (err) {
    return fail(db, msg, `could not render: ${err instanceof Error ? err.message : String(err)}`)
  }
  const attachments = await loadAttachments(db, msg.attachmentInvoiceIds)
  if (!attachments.ok) {
    const error = `waiting for invoice PDF ${attachments.missing.join(', ')}`
    if (ctx.attempt >= ctx.maxAttempts) return fail(db, msg, error, { isRetryable: true })
    await db.emailMessage.update({ where: { id: msg.id }, data: { lastError: error } })
    throw new AppError('CONFLICT', error, { isRetryable: true })
  }

  const threading = await threadingFor(db, msg)
  const claimed = await db.emailMessage.updateMany({
    where: { id: msg.id, status: { in: ['QUEUED', 'SENDING', 'FAILED'] } },
    data: {
      status: 'SENDING',
      attempts: { increment: 1 },
      subject: rendered.subject,
      messageId: threading.messageId,
      replyTo: threading.replyTo,
    },
  })
  if (claimed.count === 0) {
    const now = await db.emailMessage.findUniqueOrThrow({ where: { id: msg.id } })
    return { outcome: 'already-sent', providerMessageId: now.providerMessageId }
  }

  const email: OutgoingEmail = {
    to: msg.toAddress,
    ...rendered,
    attachments: attachments.files,
    replyTo: threading.replyTo ?? undefined,
    headers: threading.headers,
    tags: [
      { name: EMAIL_TAG, value: msg.id },
      { name: 'template', value: msg.template },
    ],
  }
  const result = await sendEmail(email, {
    operation: 'emails.send',
    idempotencyKey: msg.idempotencyKey,
    orderId: msg.orderId,
    timeoutMs: opts.timeoutMs,
  })
  if (result.ok) {
    await recordAccepted(db, msg.id, result.id)
    return { outcome: 'sent', providerMessageId: result.id }
  }
  const error = describeFailure(result)
  if (!result.isRetryable) return fail(db, msg, error)
  if (ctx.attempt >= ctx.maxAttempts)
    return fail(db, msg, `${error} (retries exhausted)`, { isRetryable: true })
  await db.emailMessage.update({ where: { id: msg.id }, data: { lastError: error } })
  throw new AppError('PROVIDER_UNAVAILABLE', `Resend: ${error}`)
}

/** Our Message-ID for an email: derived from its row, so every retry and the stored copy agree. */
export const messageIdFor = (emailMessageId: string) => `hl-${emailMessageId}@${domainOf(env.EMAIL_FROM)}`

function domainOf(from: string) {
  const addr = /<([^>]+)>/.exec(from)?.[1] ?? from
  return addr.split('@')[1]?.trim() || 'hookline.invalid'
}

/**
 * Headers that thread replies back to us: a stable Message-ID, Reply-To the order's plus-address (an answer names
 * its order even when the client drops In-Reply-To), In-Reply-To/References for staff answers, and
 * `Auto-Submitted: auto-generated` on everything a person did not write (RFC 3834: no autoresponder answers it, and
 * our own inbox files it as automated, so no mail loop can start).
 */
async function threadingFor(db: Db, msg: EmailMessage) {
  const messageId = msg.messageId ?? messageIdFor(msg.id)
  const order = msg.orderId
    ? await db.order.findUnique({ where: { id: msg.orderId }, select: { number: true } })
    : null
  const replyTo = msg.replyTo ?? (order ? plusAddress(env.INBOUND_ADDRESS, order.number) : null)
  const headers: Record<string, string> = { 'Message-ID': `<${messageId}>` }
  if (msg.template !== 'staff-reply') headers['Auto-Submitted'] = 'auto-generated'
  if (msg.inReplyTo) headers['In-Reply-To'] = `<${msg.inReplyTo}>`
  if (msg.references.length) headers.References = msg.references.map((r) => `<${r}>`).join(' ')
  return { messageId, replyTo, headers }
}

/** Stores the provider's id; never moves a message backwards that a delivery event has already moved forward. */
export async function recordAccepted(db: Db | DbTx, id: string, providerMessageId: string) {
  const n = await db.emailMessage.updateMany({
    where: { id, status: { in: ['QUEUED', 'SENDING', 'FAILED'] } },
    data: { status: 'SENT', providerMessageId, sentAt: new Date(), lastError: null },
  })
  if (n.count === 0)
    await db.emailMessage.updateMany({ where: { id, providerMessageId: null }, data: { providerMessageId } })
}

const describeFailure = (f: SendFailure) =>
  `${f.code}${f.httpStatus ? ` (${f.httpStatus})` : ''}: ${f.message}`

/**
 * Marks the message FAILED, puts the failure on its order's timeline (staff see it on the order page) and throws, so
 * the job runner puts it on the dead-letter list: right away for permanent errors, after the last attempt otherwise.
 */
async function fail(
  db: Db,
  msg: EmailMessage,
  error: string,
  opts: { isRetryable?: boolean } = {},
): Promise<never> {
  await db.$transaction(async (tx) => {
    const n = await tx.emailMessage.updateMany({
      where: { id: msg.id, status: { in: ['QUEUED', 'SENDING', 'FAILED'] } },
      data: { status: 'FAILED', lastError: error.slice(0, 2000) },
    })
    if (n.count > 0 && msg.orderId) {
      await tx.orderTimelineEntry.create({
        data: {
          orderId: msg.orderId,
          kind: 'email.failed',
          message: `Email "${msg.template}" to ${msg.toAddress} was not sent: ${error}`.slice(0, 1000),
          isError: true,
          data: { emailMessageId: msg.id, template: msg.template },
        },
      })
    }
  })
  throw new AppError(
    opts.isRetryable ? 'PROVIDER_UNAVAILABLE' : 'PROVIDER_REJECTED',
    `email not sent: ${error}`,
    {
      isRetryable: opts.isRetryable ?? false,
    },
  )
}

const isTemplateName = (n: string): n is TemplateName => (templateNames as string[]).includes(n)

async function render(db: Db, msg: EmailMessage): Promise<RenderedEmail> {
  if (!isTemplateName(msg.template)) throw new Error(`unknown template ${msg.template}`)
  if (!msg.props || typeof msg.props !== 'object' || Array.isArray(msg.props))
    throw new Error('the message has no props (sign-in links are never stored, so they cannot be sent again)')
  const props: Record<string, unknown> = {
    ...openProps(msg.props as Record<string, unknown>),
    locale: msg.locale,
  }
  // Emails about an order link to it. Only placeOrder knows the guest's private link (the order keeps just a hash of
  // its token), so later emails get the one sealed in the order confirmation instead of a plain order URL, which
  // would only open for a signed-in owner.
  if (msg.orderId && !(typeof props.orderUrl === 'string' && props.orderUrl.includes('?t='))) {
    props.orderUrl =
      (await privateOrderUrl(db, msg.orderId)) ?? props.orderUrl ?? (await plainOrderUrl(db, msg.orderId))
  }
  return renderEmail(msg.template, props as never)
}

async function privateOrderUrl(db: Db, orderId: string): Promise<string | null> {
  const received = await db.emailMessage.findUnique({
    where: { idempotencyKey: `order/${orderId}/received` },
  })
  const opened = received?.props ? openProps(received.props as Record<string, unknown>) : {}
  return typeof opened.orderUrl === 'string' ? opened.orderUrl : null
}

async function plainOrderUrl(db: Db, orderId: string): Promise<string> {
  const order = await db.order.findUniqueOrThrow({ where: { id: orderId }, select: { number: true } })
  return `${env.APP_URL}/orders/${encodeURIComponent(order.number)}`
}

type Attachments =
  | { ok: true; files: NonNullable<OutgoingEmail['attachments']> }
  | { ok: false; missing: string[] }

async function loadAttachments(db: Db, invoiceIds: string[]): Promise<Attachments> {
  if (invoiceIds.length === 0) return { ok: true, files: [] }
  const invoices = await db.invoice.findMany({
    where: { id: { in: invoiceIds } },
    select: { id: true, number: true, pdf: { select: { data: true } } },
  })
  const byId = new Map(invoices.map((i) => [i.id, i]))
  const missing = invoiceIds.filter((id) => !byId.get(id)?.pdf)
  if (missing.length) return { ok: false, missing }
  return {
    ok: true,
    files: invoiceIds.map((id) => {
      const inv = byId.get(id)!
      return {
        filename: `${inv.number.replace(/[^\w.-]+/g, '-')}.pdf`,
        content: Buffer.from(inv.pdf!.data),
        contentType: 'application/pdf',
      }
    }),
  }
}

import 'server-only'
import type { Prisma } from '@/generated/prisma/client'
import type { Db, DbTx } from '@/lib/db'
import { env } from '@/lib/env'
import { type Analysis, analyzeMessage, type Limits } from './analyze'
import { recordInboundEvent } from './intake'
import { type Link, linkMessage } from './link-message'

// Stores one fetched message exactly once. The key is (mailbox, folder, UIDVALIDITY, UID); the Message-ID (with a
// content fingerprint) is the second key, so the same message in two folders, or seen again after a UIDVALIDITY
// change, is one message with two locations. The message, its location and the folder's cursor are written in one
// transaction: the cursor never passes a message that is not stored, and a crash repeats at most the fetch.

export type Location = { mailbox: string; folder: string; uidValidity: bigint; uid: bigint }
export type IngestOutcome =
  | {
      outcome: 'stored'
      id: string
      status: 'FILED' | 'UNASSIGNED'
      kind: Analysis['classification']['kind']
    }
  | { outcome: 'quarantined'; id: string; reason: string }
  | { outcome: 'duplicate'; id: string }
  | { outcome: 'already'; id: string }

export const defaultLimits = (): Limits => ({
  maxMessageBytes: env.INBOX_MAX_MESSAGE_BYTES,
  maxAttachmentBytes: env.INBOX_MAX_ATTACHMENT_BYTES,
})

const QUARANTINE_RAW_CAP = 2 * 1024 * 1024

async function advanceCursor(tx: DbTx, loc: Location, holder: string | null) {
  await tx.$executeRaw`
    UPDATE inbox_cursors SET last_uid = GREATEST(last_uid, ${loc.uid}), holder = ${holder}, updated_at = now()
    WHERE mailbox = ${loc.mailbox} AND folder = ${loc.folder} AND uid_validity = ${loc.uidValidity}`
}

async function addLocation(tx: DbTx, loc: Location, messageId: string) {
  await tx.inboundLocation.createMany({ data: [{ ...loc, messageId }], skipDuplicates: true })
}

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === 'P2002'

export async function ingestMessage(
  db: Db,
  loc: Location,
  raw: Buffer,
  opts: { limits?: Limits; holder?: string | null } = {},
): Promise<IngestOutcome> {
  const holder = opts.holder ?? null
  const seen = await db.inboundLocation.findUnique({
    where: { mailbox_folder_uidValidity_uid: loc },
    select: { messageId: true },
  })
  if (seen) {
    await db.$transaction((tx) => advanceCursor(tx, loc, holder))
    return { outcome: 'already', id: seen.messageId }
  }
  const a = await analyzeMessage(raw, opts.limits ?? defaultLimits())
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.$transaction((tx) => store(tx, loc, raw, a, holder))
    } catch (e) {
      // another folder's copy was stored by a concurrent transaction: the second pass files this as a duplicate
      if (isUniqueViolation(e) && attempt === 0) continue
      throw e
    }
  }
}

/**
 * Several fetched messages of one folder in one transaction (the poller's fast path for a backlog): each is stored
 * exactly as ingestMessage would, and the cursor ends at the last one. If the transaction fails, each message is
 * retried on its own, so one bad row costs only itself.
 */
export async function ingestBatch(
  db: Db,
  items: { loc: Location; raw: Buffer }[],
  opts: { limits?: Limits; holder?: string | null } = {},
): Promise<IngestOutcome[]> {
  if (items.length <= 1) return Promise.all(items.map((i) => ingestMessage(db, i.loc, i.raw, opts)))
  const holder = opts.holder ?? null
  const analyses: Analysis[] = []
  for (const i of items) analyses.push(await analyzeMessage(i.raw, opts.limits ?? defaultLimits()))
  try {
    return await db.$transaction(
      async (tx) => {
        const out: IngestOutcome[] = []
        for (const [k, i] of items.entries()) {
          const seen = await tx.inboundLocation.findUnique({
            where: { mailbox_folder_uidValidity_uid: i.loc },
            select: { messageId: true },
          })
          if (seen) {
            await advanceCursor(tx, i.loc, holder)
            out.push({ outcome: 'already', id: seen.messageId })
          } else out.push(await store(tx, i.loc, i.raw, analyses[k]!, holder))
        }
        return out
      },
      { timeout: 60_000 },
    )
  } catch {
    const out: IngestOutcome[] = []
    for (const i of items) out.push(await ingestMessage(db, i.loc, i.raw, opts))
    return out
  }
}

async function store(
  tx: DbTx,
  loc: Location,
  raw: Buffer,
  a: Analysis,
  holder: string | null,
): Promise<IngestOutcome> {
  let reason = a.quarantineReason
  const same = a.messageId
    ? await tx.inboundMessage.findUnique({
        where: { messageId: a.messageId },
        select: { id: true, fingerprint: true },
      })
    : await tx.inboundMessage.findFirst({
        where: { fingerprint: a.fingerprint, messageId: null },
        select: { id: true },
      })
  if (same && (!a.messageId || ('fingerprint' in same && same.fingerprint === a.fingerprint))) {
    await addLocation(tx, loc, same.id)
    await advanceCursor(tx, loc, holder)
    return { outcome: 'duplicate', id: same.id }
  }
  if (same) reason = 'duplicate Message-ID: another message with different content already has it'

  const base = {
    mailbox: loc.mailbox,
    fingerprint: a.fingerprint,
    fromAddress: a.fromAddress,
    fromName: a.fromName,
    toAddresses: a.recipients,
    subject: a.subject?.slice(0, 1000) ?? null,
    sentAt: a.sentAt,
    textBody: a.text,
    htmlBody: a.html,
    replyText: a.replyText,
    inReplyTo: a.inReplyTo,
    references: a.references,
    rawSize: a.rawSize,
  }
  if (reason) {
    const m = await tx.inboundMessage.create({
      data: {
        ...base,
        messageId: null,
        status: 'QUARANTINED',
        quarantineReason: reason,
        classification: { messageId: a.messageId } as Prisma.InputJsonValue,
        rawSource: raw.length <= QUARANTINE_RAW_CAP ? new Uint8Array(raw) : null,
      },
    })
    await addLocation(tx, loc, m.id)
    await advanceCursor(tx, loc, holder)
    return { outcome: 'quarantined', id: m.id, reason }
  }

  const link: Link = await linkMessage(tx, a)
  const status =
    link.orderId || (link.customerId && !link.isNewContact) || a.classification.kind === 'BOUNCE'
      ? 'FILED'
      : 'UNASSIGNED'
  const m = await tx.inboundMessage.create({
    data: {
      ...base,
      messageId: a.messageId,
      kind: a.classification.kind,
      status,
      classification: a.classification as unknown as Prisma.InputJsonValue,
      linkRule: link.rule,
      orderId: link.orderId,
      customerId: link.customerId,
      emailMessageId: link.emailMessageId,
      attachments: {
        create: a.attachments.map((x) => ({
          filename: x.filename,
          contentType: x.contentType,
          declaredType: x.declaredType,
          size: x.size,
          data: new Uint8Array(x.data),
        })),
      },
    },
  })
  await addLocation(tx, loc, m.id)
  if (a.classification.kind === 'BOUNCE') await applyBounce(tx, a.classification, link)
  await recordInboundEvent(tx, {
    source: 'imap',
    eventId: `${loc.mailbox}/${a.messageId}`,
    type: 'message.received',
    orderId: link.orderId,
    summary:
      a.classification.kind === 'BOUNCE'
        ? `Bounce received: ${a.classification.recipients.map((r) => `${r.finalRecipient} ${r.action} ${r.status ?? ''}`.trim()).join('; ')}`
        : `Email received from ${a.fromAddress}: ${a.subject ?? '(no subject)'}`,
    data: { inboundMessageId: m.id, kind: a.classification.kind, linkRule: link.rule },
  })
  await advanceCursor(tx, loc, holder)
  return { outcome: 'stored', id: m.id, status, kind: a.classification.kind }
}

/** Only `failed` is permanent: the email is BOUNCED and the contact undeliverable; `delayed` is only noted. */
async function applyBounce(tx: DbTx, c: Extract<Analysis['classification'], { kind: 'BOUNCE' }>, link: Link) {
  const failed = c.recipients.find((r) => r.action === 'failed')
  const detail = failed ?? c.recipients[0]
  const text = detail
    ? `${detail.status ?? '?'} ${detail.action ?? '?'}: ${detail.diagnosticCode ?? 'no diagnostic'}`.slice(
        0,
        1000,
      )
    : 'bounce without recipient details'
  if (link.emailMessageId) {
    await tx.emailMessage.update({
      where: { id: link.emailMessageId },
      data: failed ? { status: 'BOUNCED', bounceDetail: text } : { bounceDetail: text },
    })
  }
  for (const r of c.recipients) {
    if (!r.finalRecipient || (r.action !== 'failed' && r.action !== 'delayed')) continue
    const email = r.finalRecipient.toLowerCase()
    if (r.action === 'failed')
      await tx.customer.updateMany({
        where: { email },
        data: { deliverability: 'BOUNCED', deliverabilityNote: text },
      })
    else
      await tx.customer.updateMany({
        where: { email, deliverability: 'OK' },
        data: { deliverability: 'DELAYED', deliverabilityNote: text },
      })
  }
}

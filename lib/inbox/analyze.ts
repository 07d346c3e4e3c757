import { createHash } from 'node:crypto'
import EmailReplyParser from 'email-reply-parser'
import {
  type AddressObject,
  type Attachment,
  type HeaderValue,
  type ParsedMail,
  simpleParser,
} from 'mailparser'
import { sniffContentType } from './sniff'

// Pure analysis of one raw message: parse, decide whether it is safe to file (quarantine reasons), classify it
// (message, auto-reply, bounce) and pull out what linking needs. No database, no network: every real-world shape is
// unit-tested on the fixtures in ./fixtures.

export type Limits = { maxMessageBytes: number; maxAttachmentBytes: number }

export type DsnRecipient = {
  finalRecipient: string | null
  action: string | null
  status: string | null
  diagnosticCode: string | null
}

export type Classification =
  | { kind: 'MESSAGE' }
  | { kind: 'AUTO_REPLY'; reasons: string[] }
  | { kind: 'BOUNCE'; recipients: DsnRecipient[]; originalMessageId: string | null; isPermanent: boolean }

export type AnalyzedAttachment = {
  filename: string
  declaredType: string
  contentType: string
  size: number
  data: Buffer
}

export type Analysis = {
  fingerprint: string
  rawSize: number
  quarantineReason: string | null
  messageId: string | null
  fromAddress: string | null
  fromName: string | null
  recipients: string[]
  subject: string | null
  sentAt: Date | null
  text: string | null
  html: string | null
  replyText: string | null
  inReplyTo: string[]
  references: string[]
  classification: Classification
  attachments: AnalyzedAttachment[]
}

/** `<a@b>` -> `a@b`; lower-cased domain is not done: ids are compared as sent. */
export const normalizeMessageId = (s: string | null | undefined): string | null => {
  const v = (s ?? '')
    .trim()
    .replace(/^<+|>+$/g, '')
    .trim()
  return v ? v : null
}

const idList = (v: HeaderValue | undefined): string[] => {
  const raw = Array.isArray(v) ? v.join(' ') : typeof v === 'string' ? v : ''
  const ids = raw.match(/<[^<>\s]+>/g) ?? (raw.trim() ? raw.trim().split(/\s+/) : [])
  return [...new Set(ids.map(normalizeMessageId).filter((x): x is string => !!x))]
}

const addresses = (a: AddressObject | AddressObject[] | undefined): { address: string; name: string }[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) =>
    o.value
      .flatMap((v) => (v.group ? v.group : [v]))
      .map((v) => ({ address: v.address ?? '', name: v.name ?? '' })),
  )

/** An address we could ever answer: a real local part and a domain. `""@x`, `@x`, `x@` are not. */
export function isUsableAddress(a: string): boolean {
  const at = a.lastIndexOf('@')
  if (at <= 0 || at === a.length - 1) return false
  const rawLocal = a.slice(0, at)
  const quoted = /^"(.*)"$/.exec(rawLocal)
  const local = quoted ? quoted[1]!.trim() : rawLocal
  const domain = a.slice(at + 1)
  return local.length > 0 && (quoted ? true : !/[\s<>"]/.test(local)) && /^[^\s@<>"]+$/.test(domain)
}

function headerSection(raw: Buffer): Buffer {
  const crlf = raw.indexOf('\r\n\r\n')
  const lf = raw.indexOf('\n\n')
  const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf : lf
  return end >= 0 ? raw.subarray(0, end) : raw
}

const utf8 = new TextDecoder('utf-8', { fatal: true })
const isUtf8 = (b: Buffer) => {
  try {
    utf8.decode(b)
    return true
  } catch {
    return false
  }
}

/** Every charset a part or an encoded word declares, e.g. `windows-1250`, `1252`. */
function declaredCharsets(raw: Buffer): string[] {
  const s = raw.toString('latin1')
  const out = new Set<string>()
  for (const m of s.matchAll(/charset\s*=\s*"?([^"';\s]+)"?/gi)) out.add(m[1]!.toLowerCase())
  for (const m of s.matchAll(/=\?([^?*\s]+)(?:\*[^?]*)?\?[bq]\?/gi)) out.add(m[1]!.toLowerCase())
  return [...out]
}

const knownCharset = (c: string) => {
  if (['us-ascii', 'ascii', 'utf8', 'utf-8'].includes(c)) return true
  try {
    new TextDecoder(c)
    return true
  } catch {
    return false
  }
}

const isTnef = (a: Attachment) =>
  /^winmail\.dat$/i.test(a.filename ?? '') ||
  /ms-tnef/i.test(a.contentType) ||
  a.content.subarray(0, 4).equals(Buffer.from([0x78, 0x9f, 0x3e, 0x22]))

/** RFC 3464 fields: header syntax, one block per message and one per recipient, separated by blank lines. */
export function parseDeliveryStatus(text: string): DsnRecipient[] {
  const blocks = text.replace(/\r\n/g, '\n').split(/\n\s*\n/)
  const out: DsnRecipient[] = []
  for (const block of blocks) {
    const fields = new Map<string, string>()
    let last = ''
    for (const line of block.split('\n')) {
      if (/^\s/.test(line) && last) fields.set(last, `${fields.get(last)} ${line.trim()}`)
      else {
        const m = /^([\w-]+)\s*:\s*(.*)$/.exec(line)
        if (!m) continue
        last = m[1]!.toLowerCase()
        fields.set(last, m[2]!.trim())
      }
    }
    if (!fields.has('action') && !fields.has('final-recipient')) continue
    const addr = (v: string | undefined) =>
      v
        ? v
            .replace(/^[\w-]+\s*;\s*/, '')
            .replace(/^<|>$/g, '')
            .trim()
        : null
    out.push({
      finalRecipient: addr(fields.get('final-recipient') ?? fields.get('original-recipient')),
      action: fields.get('action')?.toLowerCase() ?? null,
      status: fields.get('status')?.split(/\s/)[0] ?? null,
      diagnosticCode: fields.get('diagnostic-code')?.replace(/^[\w-]+\s*;\s*/, '') ?? null,
    })
  }
  return out
}

function classify(p: ParsedMail, headers: string): Classification {
  const ct = p.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined
  const dsn = p.attachments.find((a) => /^message\/(global-)?delivery-status$/i.test(a.contentType))
  if (
    (ct?.value?.toLowerCase() === 'multipart/report' &&
      ct.params?.['report-type']?.toLowerCase() === 'delivery-status') ||
    dsn
  ) {
    const recipients = dsn ? parseDeliveryStatus(dsn.content.toString('utf8')) : []
    const original = p.attachments.find((a) =>
      /^(text\/rfc822-headers|message\/(global-)?rfc822)$/i.test(a.contentType),
    )
    const originalHeaders = original ? headerSection(original.content).toString('utf8') : ''
    const mid = /^message-id:\s*(.+)$/im.exec(originalHeaders)?.[1]
    return {
      kind: 'BOUNCE',
      recipients,
      originalMessageId: normalizeMessageId(mid?.match(/<[^>]+>/)?.[0] ?? mid),
      // RFC 3464: only `failed` is a permanent failure; delayed, delivered, relayed and expanded are not
      isPermanent: recipients.some((r) => r.action === 'failed'),
    }
  }
  const reasons: string[] = []
  const get = (n: string) => {
    const v = p.headers.get(n)
    return typeof v === 'string' ? v.trim().toLowerCase() : v === undefined ? undefined : String(v)
  }
  const autoSubmitted = get('auto-submitted')
  if (autoSubmitted && autoSubmitted.split(';')[0]!.trim() !== 'no')
    reasons.push(`Auto-Submitted: ${autoSubmitted}`)
  const precedence = get('precedence')
  if (precedence && ['bulk', 'list', 'junk', 'auto_reply'].includes(precedence))
    reasons.push(`Precedence: ${precedence}`)
  for (const m of headers.matchAll(/^(list-[\w-]+)\s*:/gim)) reasons.push(`${m[1]!.toLowerCase()} header`)
  if (/^return-path:\s*<\s*>\s*$/im.test(headers)) reasons.push('null Return-Path')
  if (p.headers.has('x-autoreply') || p.headers.has('x-autorespond')) reasons.push('X-Autoreply header')
  return reasons.length ? { kind: 'AUTO_REPLY', reasons: [...new Set(reasons)] } : { kind: 'MESSAGE' }
}

function visibleReply(text: string | null): string | null {
  if (!text) return null
  try {
    const visible = new EmailReplyParser().read(text).getVisibleText().trim()
    return visible || text.trim()
  } catch {
    return text.trim()
  }
}

export async function analyzeMessage(raw: Buffer, limits: Limits): Promise<Analysis> {
  const fingerprintOf = (parts: (string | null | undefined)[]) =>
    createHash('sha256')
      .update(parts.map((x) => x ?? '').join('\u0000'))
      .digest('hex')
  const empty = (reason: string): Analysis => ({
    fingerprint: createHash('sha256').update(raw).digest('hex'),
    rawSize: raw.length,
    quarantineReason: reason,
    messageId: null,
    fromAddress: null,
    fromName: null,
    recipients: [],
    subject: null,
    sentAt: null,
    text: null,
    html: null,
    replyText: null,
    inReplyTo: [],
    references: [],
    classification: { kind: 'MESSAGE' },
    attachments: [],
  })
  if (raw.length > limits.maxMessageBytes)
    return empty(`message of ${raw.length} bytes is over the ${limits.maxMessageBytes}-byte cap`)
  const head = headerSection(raw)
  let p: ParsedMail
  try {
    p = await simpleParser(raw, { keepDeliveryStatus: true, skipImageLinks: true, skipTextToHtml: true })
  } catch (err) {
    return empty(`unparseable: ${err instanceof Error ? err.message : String(err)}`.slice(0, 300))
  }
  const from = addresses(p.from)[0]
  const recipients = [
    ...addresses(p.to),
    ...addresses(p.cc),
    ...['delivered-to', 'x-original-to'].flatMap((h) => {
      const v = p.headers.get(h)
      return typeof v === 'string' ? [{ address: v.trim(), name: '' }] : []
    }),
  ]
    .map((a) => a.address.toLowerCase())
    .filter(Boolean)
  const text = p.text ?? null
  const html = typeof p.html === 'string' ? p.html : null
  const messageId = normalizeMessageId(p.messageId)
  const analysis: Analysis = {
    fingerprint: fingerprintOf([from?.address, p.date?.toISOString(), p.subject, text, html]),
    rawSize: raw.length,
    quarantineReason: null,
    messageId,
    fromAddress: from?.address ? from.address.toLowerCase() : null,
    fromName: from?.name || null,
    recipients: [...new Set(recipients)],
    subject: p.subject ?? null,
    sentAt: p.date && !Number.isNaN(p.date.getTime()) ? p.date : null,
    text,
    html,
    replyText: visibleReply(text),
    inReplyTo: idList(p.headers.get('in-reply-to')),
    references: idList(p.headers.get('references')),
    classification: classify(p, head.toString('latin1')),
    attachments: p.attachments
      .filter((a) => !/^(message\/(global-)?delivery-status|text\/rfc822-headers)$/i.test(a.contentType))
      .map((a) => ({
        filename: (a.filename ?? 'attachment').slice(0, 200),
        declaredType: a.contentType,
        contentType: sniffContentType(a.content),
        size: a.size ?? a.content.length,
        data: a.content,
      })),
  }
  const reason = quarantineReason(raw, head, p, analysis, limits)
  return reason
    ? {
        ...analysis,
        quarantineReason: reason,
        messageId: reason.startsWith('empty Message-ID') ? null : messageId,
      }
    : analysis
}

function quarantineReason(
  raw: Buffer,
  head: Buffer,
  p: ParsedMail,
  a: Analysis,
  limits: Limits,
): string | null {
  if (!isUtf8(head)) return '8-bit bytes in the headers that are not UTF-8'
  if (!a.messageId) return 'empty Message-ID'
  if (!a.fromAddress || !isUsableAddress(a.fromAddress))
    return `unusable From address ${JSON.stringify(a.fromAddress ?? '')}`
  const unknown = declaredCharsets(raw).filter((c) => !knownCharset(c))
  if (unknown.length) return `unknown charset ${unknown.map((c) => JSON.stringify(c)).join(', ')}`
  if ((a.text ?? '').includes('\uFFFD') || (a.subject ?? '').includes('\uFFFD'))
    return 'broken charset: bytes that do not decode in the declared charset'
  if (p.attachments.some(isTnef)) return 'winmail.dat (TNEF) attachment'
  const big = a.attachments.find((x) => x.size > limits.maxAttachmentBytes)
  if (big)
    return `attachment ${JSON.stringify(big.filename)} of ${big.size} bytes is over the ${limits.maxAttachmentBytes}-byte cap`
  return null
}

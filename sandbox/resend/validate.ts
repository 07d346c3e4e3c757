// Validation of POST /emails bodies, with Resend's error names and (approximately) its messages.

export type ResendErrorName =
  | 'validation_error'
  | 'missing_required_field'
  | 'invalid_attachment'
  | 'missing_api_key'
  | 'invalid_api_key'
  | 'invalid_idempotency_key'
  | 'invalid_idempotent_request'
  | 'not_found'
  | 'method_not_allowed'
  | 'rate_limit_exceeded'
  | 'internal_server_error'

export type ResendError = { statusCode: number; name: ResendErrorName; message: string }

export type AttachmentInput = {
  filename: string
  contentType: string
  content: Buffer
  /** Remote attachments are recorded, never fetched (the sandbox is offline). */
  path: string | null
  contentId: string | null
}

export type EmailInput = {
  from: string
  to: string[]
  cc: string[]
  bcc: string[]
  replyTo: string[]
  subject: string
  html: string | null
  text: string | null
  headers: Record<string, string>
  tags: { name: string; value: string }[]
  attachments: AttachmentInput[]
  scheduledAt: string | null
}

export const MAX_RECIPIENTS = 50
export const MAX_ATTACHMENT_BYTES = 40 * 1024 * 1024

const ADDRESS_FORMAT =
  'The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.'
const BARE_EMAIL = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/
const NAMED_EMAIL = /^[^<>]*<([^<>]+)>$/
const TAG_PART = /^[A-Za-z0-9_-]{1,256}$/
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** The bare, lower-cased address of `a@b.c` or `Name <a@b.c>`, or null when it is not an address. */
export function addressOf(value: string): string | null {
  const v = value.trim()
  const named = NAMED_EMAIL.exec(v)
  const bare = named ? named[1]!.trim() : v
  return BARE_EMAIL.test(bare) ? bare.toLowerCase() : null
}

const MIME: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  txt: 'text/plain',
  csv: 'text/csv',
  html: 'text/html',
  xml: 'application/xml',
  json: 'application/json',
  zip: 'application/zip',
  ics: 'text/calendar',
}

export function contentTypeFor(filename: string): string {
  const ext = filename.split('.').pop()?.toLowerCase() ?? ''
  return MIME[ext] ?? 'application/octet-stream'
}

const fail = (name: ResendErrorName, message: string): ResendError => ({ statusCode: 422, name, message })
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const blank = (v: unknown) => v === undefined || v === null || v === ''

function addressList(field: string, value: unknown, required: boolean): string[] | ResendError {
  if (blank(value) || (Array.isArray(value) && value.length === 0)) {
    return required ? fail('missing_required_field', `Missing \`${field}\` field.`) : []
  }
  const list = Array.isArray(value) ? value : [value]
  for (const item of list) {
    if (typeof item !== 'string' || !addressOf(item)) {
      return fail('validation_error', `Invalid \`${field}\` field. ${ADDRESS_FORMAT}`)
    }
  }
  return list as string[]
}

export function validateEmail(body: unknown, opts: { batch?: boolean } = {}): EmailInput | ResendError {
  if (!isRecord(body)) return fail('validation_error', 'The request body must be a JSON object.')

  if (blank(body.from)) return fail('missing_required_field', 'Missing `from` field.')
  if (typeof body.from !== 'string' || !addressOf(body.from)) {
    return fail('validation_error', `Invalid \`from\` field. ${ADDRESS_FORMAT}`)
  }
  const to = addressList('to', body.to, true)
  if (!Array.isArray(to)) return to
  const cc = addressList('cc', body.cc, false)
  if (!Array.isArray(cc)) return cc
  const bcc = addressList('bcc', body.bcc, false)
  if (!Array.isArray(bcc)) return bcc
  const replyTo = addressList('reply_to', body.reply_to, false)
  if (!Array.isArray(replyTo)) return replyTo
  if (to.length > MAX_RECIPIENTS) {
    return fail(
      'validation_error',
      `Invalid \`to\` field. You can send to up to ${MAX_RECIPIENTS} recipients.`,
    )
  }

  if (blank(body.subject)) return fail('missing_required_field', 'Missing `subject` field.')
  if (typeof body.subject !== 'string')
    return fail('validation_error', 'Invalid `subject` field. Must be a string.')

  for (const f of ['html', 'text'] as const) {
    if (!blank(body[f]) && typeof body[f] !== 'string') {
      return fail('validation_error', `Invalid \`${f}\` field. Must be a string.`)
    }
  }
  const html = blank(body.html) ? null : (body.html as string)
  const text = blank(body.text) ? null : (body.text as string)
  if (html === null && text === null) {
    return fail('missing_required_field', 'Missing `html` or `text` field.')
  }

  const headers: Record<string, string> = {}
  if (!blank(body.headers)) {
    if (!isRecord(body.headers))
      return fail('validation_error', 'Invalid `headers` field. Must be an object.')
    for (const [k, v] of Object.entries(body.headers)) {
      if (typeof v !== 'string')
        return fail('validation_error', `Invalid \`headers\` field. \`${k}\` must be a string.`)
      headers[k] = v
    }
  }

  const tags: { name: string; value: string }[] = []
  if (!blank(body.tags)) {
    if (!Array.isArray(body.tags)) return fail('validation_error', 'Invalid `tags` field. Must be an array.')
    for (const t of body.tags) {
      if (!isRecord(t) || typeof t.name !== 'string' || typeof t.value !== 'string') {
        return fail('validation_error', 'Invalid `tags` field. Each tag needs a string `name` and `value`.')
      }
      if (!TAG_PART.test(t.name) || !TAG_PART.test(t.value)) {
        return fail(
          'validation_error',
          'Invalid `tags` field. Tag names and values can only contain ASCII letters (a-z, A-Z), numbers (0-9), underscores (_), or dashes (-), up to 256 characters.',
        )
      }
      tags.push({ name: t.name, value: t.value })
    }
  }

  const attachments: AttachmentInput[] = []
  if (!blank(body.attachments)) {
    if (opts.batch)
      return fail('validation_error', 'The `attachments` field is not supported for batch emails.')
    if (!Array.isArray(body.attachments))
      return fail('validation_error', 'Invalid `attachments` field. Must be an array.')
    let total = 0
    for (const [i, a] of body.attachments.entries()) {
      if (!isRecord(a)) return fail('invalid_attachment', `Invalid attachment ${i}. Must be an object.`)
      const path = typeof a.path === 'string' && a.path ? a.path : null
      if (blank(a.content) && !path) {
        return fail('invalid_attachment', 'Attachment must have either a `content` or `path`.')
      }
      let content = Buffer.alloc(0)
      if (!blank(a.content)) {
        const raw = typeof a.content === 'string' ? a.content.replace(/\s+/g, '') : null
        if (raw === null || raw.length % 4 !== 0 || !BASE64.test(raw)) {
          return fail(
            'invalid_attachment',
            `Invalid attachment ${i}. \`content\` must be a base64 encoded string.`,
          )
        }
        content = Buffer.from(raw, 'base64')
        total += raw.length
      }
      const filename =
        typeof a.filename === 'string' && a.filename
          ? a.filename
          : path
            ? (path.split('/').pop() ?? 'file')
            : null
      if (!filename) return fail('invalid_attachment', `Invalid attachment ${i}. Missing \`filename\`.`)
      if (!blank(a.content_type) && typeof a.content_type !== 'string') {
        return fail('invalid_attachment', `Invalid attachment ${i}. \`content_type\` must be a string.`)
      }
      attachments.push({
        filename,
        contentType: (a.content_type as string | undefined) || contentTypeFor(filename),
        content,
        path,
        contentId: typeof a.content_id === 'string' ? a.content_id : null,
      })
    }
    if (total > MAX_ATTACHMENT_BYTES) {
      return fail('validation_error', 'Attachments exceed the 40MB limit per email (after base64 encoding).')
    }
  }

  let scheduledAt: string | null = null
  if (!blank(body.scheduled_at)) {
    if (opts.batch)
      return fail('validation_error', 'The `scheduled_at` field is not supported for batch emails.')
    if (typeof body.scheduled_at !== 'string')
      return fail('validation_error', 'Invalid `scheduled_at` field.')
    scheduledAt = body.scheduled_at
  }

  return {
    from: body.from,
    to,
    cc,
    bcc,
    replyTo,
    subject: body.subject,
    html,
    text,
    headers,
    tags,
    attachments,
    scheduledAt,
  }
}

export const isError = (v: unknown): v is ResendError =>
  isRecord(v) && typeof v.statusCode === 'number' && typeof v.name === 'string'

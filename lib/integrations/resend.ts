import 'server-only'
import { Resend } from 'resend'
import { Webhook, WebhookVerificationError } from 'svix'
import { env } from '@/lib/env'
import { type CallMeta, recordProviderCall } from './provider-call'

// The one Resend client: nobody else constructs `new Resend(...)` or reads RESEND_* variables. Every call is
// recorded (provider-call), errors are classified (transient: retry with backoff; permanent: never retry), and a
// hanging provider becomes a retryable timeout instead of a stuck job.

export const RESEND_TIMEOUT_MS = 10_000

let client: Resend | null = null
const resend = () => {
  client ??= new Resend(env.RESEND_API_KEY, env.RESEND_BASE_URL ? { baseUrl: env.RESEND_BASE_URL } : {})
  return client
}

export type OutgoingEmail = {
  to: string
  subject: string
  html: string
  text: string
  attachments?: { filename: string; content: Buffer; contentType: string }[]
  /** ASCII letters, digits, `_` and `-` only; echoed back in delivery webhooks */
  tags?: { name: string; value: string }[]
  replyTo?: string
  /** Message-ID, In-Reply-To, References, Auto-Submitted */
  headers?: Record<string, string>
}

export type SendFailure = {
  ok: false
  /** 429, 5xx, timeouts, network errors and concurrent idempotent requests: try again later with the same key */
  isRetryable: boolean
  httpStatus: number | null
  /** Resend's error name, e.g. validation_error, rate_limit_exceeded; 'timeout' or 'network_error' without an answer */
  code: string
  message: string
  retryAfterMs?: number
}
export type SendResult = { ok: true; id: string } | SendFailure

type ResendError = { name?: string; message?: string; statusCode?: number | null }

export function classifyResendError(
  error: ResendError,
  opts: { isTimeout?: boolean; retryAfter?: string | null } = {},
): SendFailure {
  const status = typeof error.statusCode === 'number' ? error.statusCode : null
  const code = opts.isTimeout
    ? 'timeout'
    : status === null
      ? 'network_error'
      : (error.name ?? 'unknown_error')
  const message = opts.isTimeout
    ? 'Resend did not answer in time'
    : (error.message ?? 'unknown error').slice(0, 500)
  const isRetryable =
    status === null ||
    status === 429 ||
    status >= 500 ||
    // Resend answers this while another request with the same key is still in flight
    (status === 409 && code === 'concurrent_idempotent_requests')
  const retryAfterSeconds = opts.retryAfter ? Number(opts.retryAfter) : Number.NaN
  return {
    ok: false,
    isRetryable,
    httpStatus: status,
    code,
    message,
    ...(Number.isFinite(retryAfterSeconds) ? { retryAfterMs: retryAfterSeconds * 1000 } : {}),
  }
}

/**
 * Sends one email. `idempotencyKey` is required: Resend remembers it for 24 h, so a retry after a crash or a lost
 * answer returns the first message's id instead of sending again.
 */
export async function sendEmail(
  email: OutgoingEmail,
  meta: CallMeta & { idempotencyKey: string; timeoutMs?: number },
): Promise<SendResult> {
  const started = performance.now()
  const abort = new AbortController()
  const timer = setTimeout(() => abort.abort(), meta.timeoutMs ?? RESEND_TIMEOUT_MS)
  let result: SendResult
  let requestId: string | null = null
  try {
    const { data, error, headers } = await resend().emails.send(
      {
        from: env.EMAIL_FROM,
        to: [email.to],
        subject: email.subject,
        html: email.html,
        text: email.text,
        attachments: email.attachments?.map((a) => ({
          filename: a.filename,
          content: a.content,
          contentType: a.contentType,
        })),
        tags: email.tags,
        ...(email.replyTo ? { replyTo: email.replyTo } : {}),
        ...(email.headers ? { headers: email.headers } : {}),
      },
      { idempotencyKey: meta.idempotencyKey, signal: abort.signal },
    )
    requestId = headers?.['x-request-id'] ?? null
    if (error || !data?.id) {
      result = classifyResendError(error ?? { name: 'invalid_response', message: 'no id in the answer' }, {
        isTimeout: abort.signal.aborted,
        retryAfter: headers?.['retry-after'] ?? null,
      })
    } else result = { ok: true, id: data.id }
  } catch (err) {
    // the SDK catches fetch errors itself; this covers anything it lets through (e.g. an abort it rethrows)
    result = classifyResendError(
      { name: 'network_error', message: err instanceof Error ? err.message : String(err), statusCode: null },
      { isTimeout: abort.signal.aborted },
    )
  } finally {
    clearTimeout(timer)
  }
  await recordProviderCall(
    'resend',
    { operation: 'emails.send', idempotencyKey: meta.idempotencyKey, orderId: meta.orderId },
    {
      httpStatus: result.ok ? 200 : result.httpStatus,
      isOk: result.ok,
      error: result.ok ? undefined : `${result.code}: ${result.message}`,
      requestId,
    },
    performance.now() - started,
  )
  return result
}

// ---- delivery webhooks (svix) -------------------------------------------------------------------

export type VerifiedWebhook = { ok: true; svixId: string; payload: unknown }
export type RefusedWebhook = { ok: false; reason: string }

/**
 * Verifies a Resend webhook over the raw body: svix signature with RESEND_WEBHOOK_SECRET and svix's timestamp
 * tolerance (5 minutes either way), so a forged, replayed-late or altered delivery is refused.
 */
export function verifyResendWebhook(rawBody: string, headers: Headers): VerifiedWebhook | RefusedWebhook {
  const svixHeaders = {
    'svix-id': headers.get('svix-id') ?? '',
    'svix-timestamp': headers.get('svix-timestamp') ?? '',
    'svix-signature': headers.get('svix-signature') ?? '',
  }
  if (!svixHeaders['svix-id'] || !svixHeaders['svix-timestamp'] || !svixHeaders['svix-signature'])
    return { ok: false, reason: 'missing svix headers' }
  try {
    const payload = new Webhook(env.RESEND_WEBHOOK_SECRET).verify(rawBody, svixHeaders)
    return { ok: true, svixId: svixHeaders['svix-id'], payload }
  } catch (err) {
    if (err instanceof WebhookVerificationError) return { ok: false, reason: err.message }
    return { ok: false, reason: 'unverifiable payload' }
  }
}

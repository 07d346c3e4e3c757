import 'server-only'
import { randomUUID } from 'node:crypto'
import type { Db } from '@/lib/db'
import { AppError } from '@/lib/errors'
import type { Locale } from '@/lib/i18n/locales'
import { sendEmail } from '@/lib/integrations/resend'
import { EMAIL_TAG, recordAccepted } from './send-email'
import { renderEmail } from './templates'

export const SIGN_IN_LINK_MINUTES = 15

/**
 * Sends a sign-in link right away (the person is waiting for it), through the same Resend client and email log as
 * every other email. The link itself is never stored: the log row has no props, so it cannot be resent. One quick
 * retry on a transient error; after that the person is told to try again.
 */
export async function sendSignInLink(
  db: Db,
  input: { email: string; url: string; locale: Locale; timeoutMs?: number },
): Promise<{ isSent: boolean }> {
  // how many links one address and one client may ask for is decided before this (lib/auth/email-link-throttle.ts)
  const rendered = await renderEmail('sign-in-link', {
    locale: input.locale,
    url: input.url,
    expiresInMinutes: SIGN_IN_LINK_MINUTES,
  })
  const msg = await db.emailMessage.create({
    data: {
      idempotencyKey: `signin/${randomUUID()}`,
      template: 'sign-in-link',
      toAddress: input.email,
      locale: input.locale,
      subject: rendered.subject,
      status: 'SENDING',
    },
  })
  let error = ''
  for (let attempt = 1; attempt <= 2; attempt++) {
    await db.emailMessage.update({ where: { id: msg.id }, data: { attempts: attempt } })
    const result = await sendEmail(
      {
        to: input.email,
        ...rendered,
        tags: [
          { name: EMAIL_TAG, value: msg.id },
          { name: 'template', value: 'sign-in-link' },
        ],
      },
      { operation: 'emails.send', idempotencyKey: msg.idempotencyKey, timeoutMs: input.timeoutMs ?? 5000 },
    )
    if (result.ok) {
      await recordAccepted(db, msg.id, result.id)
      return { isSent: true }
    }
    error = `${result.code}${result.httpStatus ? ` (${result.httpStatus})` : ''}: ${result.message}`
    if (!result.isRetryable) break
    await new Promise((r) => setTimeout(r, 300))
  }
  await db.emailMessage.update({ where: { id: msg.id }, data: { status: 'FAILED', lastError: error } })
  throw new AppError('PROVIDER_UNAVAILABLE', `sign-in link not sent: ${error}`)
}

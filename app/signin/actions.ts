'use server'

import { AuthError } from 'next-auth'
import { z } from 'zod'
import { type ActionState, formAction } from '@/lib/actions/safe-action'
import { SignInRefused, signIn, signOut } from '@/lib/auth'
import { EmailLinkRefused } from '@/lib/auth/email-link-throttle'
import { env } from '@/lib/env'
import { formatWait, getSecurityDictionary } from '@/lib/i18n/admin/security'
import { getDictionary } from '@/lib/i18n/server'
import { safeRedirectPath } from '@/lib/security/safe-redirect'

const ZSignIn = z.object({
  email: z.email('enter a valid email address'),
  password: z.string().max(200).optional(),
  /** set after a right password when the account has two-factor sign-in: the next submit sends the code */
  ticket: z.string().max(500).optional(),
  code: z.string().max(20).optional(),
  callbackUrl: z.string().max(2000).optional(),
})

/**
 * Staff password sign-in. The answer's message is in the visitor's language; values.reason says which one it is
 * ('invalid' | 'locked' | 'slow-down' | 'code-required' | 'code-invalid') and values.ticket carries the step from
 * a right password to its TOTP code.
 */
export async function signInAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = ZSignIn.safeParse(Object.fromEntries(formData))
  if (!parsed.success)
    return { ok: false, fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> }
  const { email, password, ticket, code, callbackUrl } = parsed.data
  if (!ticket && !password) return { ok: false, fieldErrors: { password: ['required'] }, values: { email } }
  try {
    await signIn('credentials', {
      email,
      ...(ticket ? { ticket } : { password }),
      ...(code ? { code } : {}),
      redirectTo: safeRedirectPath(callbackUrl, '/admin', [env.APP_URL]),
    })
    return { ok: true }
  } catch (err) {
    const { t } = await getSecurityDictionary()
    if (err instanceof SignInRefused) {
      const text: Record<string, string> = {
        locked: t.signIn.locked.replace('{time}', formatWait(t, err.retryAfterS)),
        'slow-down': t.signIn.slowDown.replace('{time}', formatWait(t, err.retryAfterS)),
        'code-required': t.signIn.codeRequired,
        'code-invalid': t.signIn.codeInvalid,
      }
      const nextTicket =
        err.code === 'code-required' || err.code === 'code-invalid' ? (err.ticket ?? ticket) : undefined
      return {
        ok: false,
        message: text[err.code] ?? (await getDictionary()).t.auth.invalid,
        values: { email, reason: err.code, ...(nextTicket ? { ticket: nextTicket } : {}) },
      }
    }
    if (err instanceof AuthError)
      return {
        ok: false,
        message: (await getDictionary()).t.auth.invalid,
        values: { email, reason: 'invalid' },
      }
    throw err
  }
}

const ZEmailLink = z.object({
  email: z.email('enter a valid email address').max(254),
  callbackUrl: z.string().max(2000).optional(),
})

/** Customer sign-in by email link: sends the link (through lib/email) and says so; never reveals who has an account. */
export const emailLinkAction = formAction('public', ZEmailLink, async ({ email, callbackUrl }) => {
  const target = safeRedirectPath(callbackUrl, '/account', [env.APP_URL])
  try {
    await signIn('email', { email: email.toLowerCase(), redirect: false, redirectTo: target })
    return { ok: true, message: 'sent' }
  } catch (err) {
    const refused = refusal(err)
    if (refused) {
      const { t } = await getSecurityDictionary()
      return {
        ok: false,
        message: t.signIn.linkThrottled.replace('{time}', formatWait(t, refused.retryAfterS)),
      }
    }
    if (err instanceof AuthError) return { ok: false, message: 'send-failed' }
    throw err
  }
})

// next-auth wraps what sendVerificationRequest throws; the refusal is the cause
function refusal(err: unknown): EmailLinkRefused | null {
  for (let e = err, i = 0; e && i < 4; e = (e as { cause?: unknown }).cause, i++) {
    if (e instanceof EmailLinkRefused) return e
    const inner = (e as { cause?: { err?: unknown } }).cause?.err
    if (inner instanceof EmailLinkRefused) return inner
  }
  return null
}

export async function signOutAction() {
  await signOut({ redirectTo: '/' })
}

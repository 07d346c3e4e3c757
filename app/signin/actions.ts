'use server'

import { AuthError } from 'next-auth'
import { z } from 'zod'
import { type ActionState, formAction } from '@/lib/actions/safe-action'
import { signIn, signOut } from '@/lib/auth'

const ZSignIn = z.object({
  email: z.email('enter a valid email address'),
  password: z.string().min(1, 'required'),
  callbackUrl: z.string().optional(),
})

export async function signInAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = ZSignIn.safeParse(Object.fromEntries(formData))
  if (!parsed.success)
    return { ok: false, fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> }
  const target = parsed.data.callbackUrl ?? '/admin'
  try {
    await signIn('credentials', {
      email: parsed.data.email,
      password: parsed.data.password,
      // same-site paths only
      redirectTo: target.startsWith('/') && !target.startsWith('//') ? target : '/admin',
    })
    return { ok: true }
  } catch (err) {
    if (err instanceof AuthError) return { ok: false, message: 'invalid' }
    throw err
  }
}

const ZEmailLink = z.object({
  email: z.email('enter a valid email address').max(254),
  callbackUrl: z.string().max(500).optional(),
})

/** Customer sign-in by email link: sends the link (through lib/email) and says so; never reveals who has an account. */
export const emailLinkAction = formAction('public', ZEmailLink, async ({ email, callbackUrl }) => {
  const target = callbackUrl?.startsWith('/') && !callbackUrl.startsWith('//') ? callbackUrl : '/account'
  try {
    await signIn('email', { email: email.toLowerCase(), redirect: false, redirectTo: target })
    return { ok: true, message: 'sent' }
  } catch (err) {
    if (err instanceof AuthError) return { ok: false, message: 'send-failed' }
    throw err
  }
})

export async function signOutAction() {
  await signOut({ redirectTo: '/' })
}

'use server'

import { AuthError } from 'next-auth'
import { z } from 'zod'
import type { ActionState } from '@/lib/actions/safe-action'
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

export async function signOutAction() {
  await signOut({ redirectTo: '/' })
}

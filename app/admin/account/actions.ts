'use server'

import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { formAction } from '@/lib/actions/safe-action'
import { unstable_update } from '@/lib/auth'
import {
  changePassword,
  confirmTotpEnrolment,
  disableTotp,
  regenerateRecoveryCodes,
  sessionVersionProof,
  startTotpEnrolment,
  ZChangePassword,
} from '@/lib/auth/account-security'
import { prisma } from '@/lib/db'
import { getLocale } from '@/lib/i18n/server'

const say = async (en: string, pl: string) => ((await getLocale()) === 'pl' ? pl : en)

export const changePasswordAction = formAction(
  'account.manage',
  ZChangePassword,
  async (input, { actor }) => {
    const { sessionVersion } = await changePassword(prisma, { ...input, userId: actor.userId }, actor)
    // this browser stays signed in; every other session of the account now carries an old version and is refused
    await unstable_update({
      sv: sessionVersion,
      proof: sessionVersionProof(actor.userId, sessionVersion),
    } as never)
    return {
      ok: true,
      message: await say(
        'Password changed. Every other session of this account is signed out.',
        'Hasło zmienione. Pozostałe sesje tego konta zostały wylogowane.',
      ),
    }
  },
)

export const startTotpAction = formAction('account.manage', z.object({}), async (_, { actor }) => {
  await startTotpEnrolment(prisma, actor.userId)
  revalidatePath('/admin/account')
  return { ok: true }
})

export const confirmTotpAction = formAction(
  'account.manage',
  z.object({ code: z.string().trim().min(6, 'enter the 6-digit code').max(12) }),
  async ({ code }, { actor }) => {
    const { recoveryCodes } = await confirmTotpEnrolment(prisma, { userId: actor.userId, code }, actor)
    return {
      ok: true,
      message: await say('Two-factor sign-in is on.', 'Logowanie dwuskładnikowe jest włączone.'),
      values: { codes: recoveryCodes.join('\n') },
    }
  },
)

export const newRecoveryCodesAction = formAction('account.manage', z.object({}), async (_, { actor }) => {
  const { recoveryCodes } = await regenerateRecoveryCodes(prisma, actor.userId, actor)
  return {
    ok: true,
    message: await say(
      'New recovery codes; the old ones no longer work.',
      'Nowe kody zapasowe; stare już nie działają.',
    ),
    values: { codes: recoveryCodes.join('\n') },
  }
})

export const disableTotpAction = formAction(
  'account.manage',
  z.object({ password: z.string().min(1, 'required').max(200) }),
  async ({ password }, { actor }) => {
    await disableTotp(prisma, { userId: actor.userId, password }, actor)
    revalidatePath('/admin/account')
    return {
      ok: true,
      message: await say('Two-factor sign-in is off.', 'Logowanie dwuskładnikowe jest wyłączone.'),
    }
  },
)

'use server'

import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { formAction } from '@/lib/actions/safe-action'
import {
  changeStaffRole,
  createStaffAccount,
  setRequireStaffTotp,
  setStaffAccess,
  ZCreateStaff,
  ZStaffRole,
} from '@/lib/auth/staff-accounts'
import { prisma } from '@/lib/db'
import { getLocale } from '@/lib/i18n/server'

const say = async (en: string, pl: string) => ((await getLocale()) === 'pl' ? pl : en)

export const createStaffAction = formAction('staff.manage', ZCreateStaff, async (input, { actor }) => {
  const user = await createStaffAccount(prisma, input, actor)
  revalidatePath('/admin/staff')
  return {
    ok: true,
    message: await say(`${user.email} can sign in now.`, `${user.email} może się już zalogować.`),
  }
})

export const changeStaffRoleAction = formAction(
  'staff.manage',
  z.object({ userId: z.uuid(), role: ZStaffRole }),
  async (input, { actor }) => {
    const { changed } = await changeStaffRole(prisma, input, actor)
    revalidatePath('/admin/staff')
    return {
      ok: true,
      message: changed
        ? await say('Role changed.', 'Rola zmieniona.')
        : await say('No change.', 'Bez zmian.'),
    }
  },
)

export const setStaffAccessAction = formAction(
  'staff.manage',
  z.object({ userId: z.uuid(), access: z.enum(['revoke', 'restore']) }),
  async ({ userId, access }, { actor }) => {
    if (access === 'revoke' && userId === actor.userId)
      return {
        ok: false,
        message: await say('You cannot revoke your own access.', 'Nie możesz odebrać dostępu sobie.'),
      }
    await setStaffAccess(prisma, { userId, isDisabled: access === 'revoke' }, actor)
    revalidatePath('/admin/staff')
    return {
      ok: true,
      message:
        access === 'revoke'
          ? await say('Access revoked; their sessions ended.', 'Dostęp odebrany; sesje zakończone.')
          : await say('Access restored.', 'Dostęp przywrócony.'),
    }
  },
)

export const setRequireTotpAction = formAction(
  'staff.manage',
  z.object({ requireStaffTotp: z.string().optional() }),
  async ({ requireStaffTotp }, { actor }) => {
    await setRequireStaffTotp(prisma, requireStaffTotp === 'on', actor)
    revalidatePath('/admin/staff')
    return { ok: true, message: await say('Policy saved.', 'Zasada zapisana.') }
  },
)

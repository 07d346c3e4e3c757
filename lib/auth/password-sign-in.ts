import 'server-only'
import type { User } from '@/generated/prisma/client'
import type { Db } from '@/lib/db'
import { queueEmail } from '@/lib/email/queue-email'
import { queueStaffAlert } from '@/lib/email/staff-alerts'
import { env } from '@/lib/env'
import { logger } from '@/lib/logger'
import { hashPassword, verifyPassword } from './password'
import { isStaffRole } from './permissions'
import { getSecuritySettings } from './staff-accounts'
import { clear, type HitResult, hit, POLICIES, pruneThrottles, unhit } from './throttle'
import { checkTotpCode, recoveryCodeHash, seal, unseal, unsealTotpSecret } from './totp'

// Staff password sign-in, throttled per account and per client address (lib/auth/throttle.ts) before the password
// is even checked; with TOTP on, the code (or a recovery code) is part of the same attempt and a wrong one counts
// like a wrong password. Locking an account emails its owner; a lock of either kind raises one staff alert a day.

export type PasswordSignInInput = {
  email: string
  /** the password, or the ticket an earlier attempt with the right password returned (the form asks for the code) */
  password?: string
  ticket?: string
  code?: string
  clientAddress: string
}

/** How long the step between a right password and its TOTP code may take. */
export const TICKET_MINUTES = 5
const TICKET = 'sign-in-ticket-v1'

export type PasswordSignInResult =
  | {
      ok: true
      user: Pick<User, 'id' | 'email' | 'name' | 'role' | 'sessionVersion'>
      mustEnrolTotp: boolean
    }
  | { ok: false; reason: 'invalid' | 'code-invalid' }
  | { ok: false; reason: 'code-required'; ticket: string }
  | { ok: false; reason: 'throttled'; retryAfterS: number; isLocked: boolean }

// a hash to check against when there is no account, so an unknown address takes as long as a known one
let dummyHash: Promise<string> | null = null

export async function passwordSignIn(
  db: Db,
  input: PasswordSignInInput,
  now = new Date(),
): Promise<PasswordSignInResult> {
  const email = input.email.trim().toLowerCase()
  const ipKey = { scope: 'password:ip', key: input.clientAddress } as const
  const accountKey = { scope: 'password:account', key: email } as const
  if (Math.random() < 0.01) await pruneThrottles(db, now).catch(() => {})

  const byIp = await hit(db, ipKey, now)
  if (!byIp.isAllowed)
    return { ok: false, reason: 'throttled', retryAfterS: byIp.retryAfterS, isLocked: byIp.isLocked }
  const byAccount = await hit(db, accountKey, now)
  if (!byAccount.isAllowed)
    return {
      ok: false,
      reason: 'throttled',
      retryAfterS: byAccount.retryAfterS,
      isLocked: byAccount.isLocked,
    }

  const user = await db.user.findUnique({ where: { email } })
  dummyHash ??= hashPassword('no account has this password')
  const isRight = input.ticket
    ? isValidTicket(input.ticket, user, now)
    : await verifyPassword(input.password ?? '', user?.passwordHash ?? (await dummyHash))
  if (!user?.passwordHash || user.disabledAt || !isRight) {
    await afterFailure(db, { email, user, byIp, byAccount, clientAddress: input.clientAddress, now })
    return { ok: false, reason: 'invalid' }
  }

  if (user.totpEnabledAt && user.totpSecret) {
    if (!input.code?.trim()) {
      // the password was right: this does not count as a failure, the form just asks for the code
      await Promise.all([unhit(db, ipKey), unhit(db, accountKey)])
      const ticket = seal(
        TICKET,
        JSON.stringify({
          uid: user.id,
          sv: user.sessionVersion,
          exp: now.getTime() + TICKET_MINUTES * 60_000,
        }),
      )
      return { ok: false, reason: 'code-required', ticket }
    }
    if (!(await acceptSecondFactor(db, user, input.code, now))) {
      await afterFailure(db, { email, user, byIp, byAccount, clientAddress: input.clientAddress, now })
      return { ok: false, reason: 'code-invalid' }
    }
  }

  await Promise.all([clear(db, accountKey), unhit(db, ipKey)])
  const mustEnrolTotp = !user.totpEnabledAt && (await getSecuritySettings(db)).requireStaffTotp
  return {
    ok: true,
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      sessionVersion: user.sessionVersion,
    },
    mustEnrolTotp,
  }
}

function isValidTicket(ticket: string, user: User | null, now: Date): boolean {
  const opened = unseal(TICKET, ticket)
  if (!opened || !user) return false
  try {
    const t = JSON.parse(opened) as { uid?: string; sv?: number; exp?: number }
    return (
      t.uid === user.id && t.sv === user.sessionVersion && typeof t.exp === 'number' && t.exp > now.getTime()
    )
  } catch {
    return false
  }
}

/** A TOTP code for a step not used before, or an unused recovery code (consumed atomically). */
async function acceptSecondFactor(db: Db, user: User, code: string, now: Date): Promise<boolean> {
  const secret = unsealTotpSecret(user.totpSecret!)
  if (secret) {
    const step = await checkTotpCode(secret, code, user.totpLastStep, now.getTime())
    if (step !== null) {
      // only one sign-in per step, also when two arrive at once
      const n = await db.$executeRaw`
        UPDATE users SET totp_last_step = ${step}
        WHERE id = ${user.id}::uuid AND (totp_last_step IS NULL OR totp_last_step < ${step})`
      return n === 1
    }
  }
  const hash = recoveryCodeHash(code)
  const used = await db.$executeRaw`
    UPDATE users SET recovery_code_hashes = array_remove(recovery_code_hashes, ${hash})
    WHERE id = ${user.id}::uuid AND ${hash} = ANY(recovery_code_hashes)`
  return used === 1
}

async function afterFailure(
  db: Db,
  f: {
    email: string
    user: User | null
    byIp: Extract<HitResult, { isAllowed: true }>
    byAccount: Extract<HitResult, { isAllowed: true }>
    clientAddress: string
    now: Date
  },
) {
  if (!f.byIp.isNewLock && !f.byAccount.isNewLock) return
  const account = POLICIES['password:account']
  const ip = POLICIES['password:ip']
  logger.warn(
    { accountLocked: f.byAccount.isNewLock, clientLocked: f.byIp.isNewLock },
    'staff sign-in locked after repeated wrong passwords',
  )
  await db.$transaction(async (tx) => {
    if (f.byAccount.isNewLock && f.user && isStaffRole(f.user.role)) {
      const pl = f.user.locale === 'pl'
      await queueEmail(tx, {
        template: 'staff-alert',
        to: f.user.email,
        locale: f.user.locale,
        idempotencyKey: `auth/locked/${f.user.id}/${f.now.getTime()}`,
        props: {
          title: pl ? 'Logowanie do Twojego konta zostało zablokowane' : 'Sign-in to your account was locked',
          details: pl
            ? `Ktoś wpisał ${account.lockAt} razy błędne hasło do konta ${f.user.email}. Logowanie hasłem jest zablokowane na ${account.lockMinutes} minut (każda kolejna błędna próba blokuje je ponownie).\nJeśli to nie Ty, zmień hasło po odblokowaniu i włącz logowanie dwuskładnikowe; właściciel sklepu może też odblokować konto w panelu (Zespół).`
            : `Someone entered a wrong password ${account.lockAt} times for ${f.user.email}. Password sign-in is locked for ${account.lockMinutes} minutes (each further wrong attempt locks it again).\nIf this was not you, change your password once it unlocks and turn on two-factor sign-in; the shop owner can also unlock the account in the panel (Staff).`,
          adminUrl: `${env.APP_URL}/signin?callbackUrl=/admin/account`,
        },
      })
    }
    await queueStaffAlert(tx, {
      topic: 'security/staff-sign-in',
      title: 'Repeated wrong staff passwords: sign-in locked',
      details: [
        f.byAccount.isNewLock
          ? `Account ${f.email}: ${account.lockAt} wrong passwords, locked for ${account.lockMinutes} min.`
          : '',
        f.byIp.isNewLock
          ? `One client address (${f.clientAddress}): ${ip.lockAt} wrong passwords, locked for ${ip.lockMinutes} min.`
          : '',
        'This looks like password guessing. Locked accounts are listed in the staff panel (Staff).',
      ]
        .filter(Boolean)
        .join('\n'),
      adminPath: '/admin/staff',
      now: f.now,
      // one alert for the whole pattern, not one per account or per 15 minutes
      windowMinutes: 24 * 60,
    })
  })
}

import 'server-only'
import NextAuth, { CredentialsSignin } from 'next-auth'
import Credentials from 'next-auth/providers/credentials'
import type { EmailConfig } from 'next-auth/providers/email'
import { cache } from 'react'
import { z } from 'zod'
import type { UserRole } from '@/generated/prisma/enums'
import { prisma } from '@/lib/db'
import { SIGN_IN_LINK_MINUTES, sendSignInLink } from '@/lib/email/send-sign-in-link'
import { env } from '@/lib/env'
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE } from '@/lib/i18n/locales'
import { logger } from '@/lib/logger'
import { claimGuestOrders } from '@/lib/orders/claim-guest-orders'
import { clientAddress } from '@/lib/security/client-address'
import { isSessionVersionProof } from './account-security'
import { authConfig } from './config'
import { emailSignInAdapter } from './email-adapter'
import { countSignInLink } from './email-link-throttle'
import { passwordSignIn } from './password-sign-in'
import { isStaffRole } from './permissions'

const ZCredentials = z.object({
  email: z.email().max(254),
  password: z.string().max(200).optional(),
  ticket: z.string().max(500).optional(),
  code: z.string().max(20).optional(),
})

/** Why a password sign-in was refused, for the form: `code` is 'locked' | 'slow-down' | 'code-required' | 'code-invalid'. */
export class SignInRefused extends CredentialsSignin {
  constructor(
    code: string,
    readonly retryAfterS = 0,
    /** after a right password, for the step that asks for the TOTP code */
    readonly ticket?: string,
  ) {
    super()
    this.code = code
  }
}

const localeOf = (request: Request) => {
  const m = new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([^;]+)`).exec(request.headers.get('cookie') ?? '')
  return isLocale(m?.[1]) ? m[1] : DEFAULT_LOCALE
}

// Customers sign in with a single-use link (15 minutes) sent through lib/email; staff keep their passwords.
const emailLink: EmailConfig = {
  id: 'email',
  type: 'email',
  name: 'Email link',
  maxAge: SIGN_IN_LINK_MINUTES * 60,
  sendVerificationRequest(params) {
    const sending = sendLink(params)
    // @auth/core awaits a hash before it attaches its handler to this promise, so a refusal would count as an
    // unhandled rejection in between; it still reaches @auth/core's Promise.all
    sending.catch(() => {})
    return sending
  },
}

async function sendLink({ identifier, url, request }: Parameters<EmailConfig['sendVerificationRequest']>[0]) {
  // throttled before anything else, staff addresses alike, so the answer reveals nothing about accounts
  await countSignInLink(prisma, { email: identifier, clientAddress: clientAddress(request.headers) })
  const user = await prisma.user.findUnique({ where: { email: identifier }, select: { role: true } })
  // same answer to the visitor either way, so the form does not reveal which addresses belong to staff
  if (isStaffRole(user?.role)) return logger.warn('sign-in link refused for a staff account')
  await sendSignInLink(prisma, { email: identifier, url, locale: localeOf(request) })
}

export const { handlers, auth, signIn, signOut, unstable_update } = NextAuth({
  ...authConfig,
  secret: env.AUTH_SECRET,
  adapter: emailSignInAdapter(prisma),
  callbacks: {
    ...authConfig.callbacks,
    jwt(params) {
      const token = authConfig.callbacks.jwt(params)
      // a password change moves the caller's own session to the new version; the proof comes from the server, so a
      // browser calling the session endpoint with a made-up version gets nothing
      if (params.trigger === 'update' && token.sub) {
        const { sv, proof } = (params.session ?? {}) as { sv?: unknown; proof?: unknown }
        if (typeof sv === 'number' && isSessionVersionProof(token.sub, sv, proof)) token.sv = sv
      }
      return token
    },
    signIn({ user, account, email }) {
      // staff never get a link (sendVerificationRequest skips them); refusing here as well guards the callback
      if (email?.verificationRequest) return true
      return !(account?.provider === 'email' && isStaffRole(user.role))
    },
  },
  events: {
    async signIn({ user, account }) {
      if (account?.provider !== 'email' || !user.id || !user.email) return
      await claimGuestOrders(prisma, { userId: user.id, email: user.email })
    },
  },
  providers: [
    emailLink,
    Credentials({
      credentials: { email: {}, password: {}, ticket: {}, code: {} },
      async authorize(raw, request) {
        const parsed = ZCredentials.safeParse(raw)
        if (!parsed.success) return null
        const r = await passwordSignIn(prisma, {
          ...parsed.data,
          clientAddress: clientAddress(request.headers),
        })
        if (r.ok) return r.user
        if (r.reason === 'throttled')
          throw new SignInRefused(r.isLocked ? 'locked' : 'slow-down', r.retryAfterS)
        if (r.reason === 'code-required') throw new SignInRefused(r.reason, 0, r.ticket)
        if (r.reason !== 'invalid') throw new SignInRefused(r.reason)
        return null
      },
    }),
  ],
})

export type Actor = {
  userId: string
  email: string
  role: UserRole
  /** staff whom the owner's 2FA requirement sends to set up TOTP before anything else */
  mustEnrolTotp?: boolean
}

/**
 * Who is asking, read from the database on every request (once per request, React cache): the role is the current
 * one, not the one in the cookie, and a session is void once its user's session_version moved on (password changed,
 * access revoked) or the account was disabled.
 */
export const getActor = cache(async (): Promise<Actor | null> => {
  const session = await auth()
  if (!session?.user?.id) return null
  return actorFor(session.user.id, session.sessionVersion ?? 0)
})

export async function actorFor(userId: string, sessionVersion: number): Promise<Actor | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(userId)) return null
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      role: true,
      sessionVersion: true,
      disabledAt: true,
      totpEnabledAt: true,
    },
  })
  if (!user || user.disabledAt || user.sessionVersion !== sessionVersion) return null
  const actor: Actor = { userId: user.id, email: user.email, role: user.role }
  if (isStaffRole(user.role) && !user.totpEnabledAt) {
    const settings = await prisma.securitySettings.findUnique({ where: { id: 1 } })
    if (settings?.requireStaffTotp) actor.mustEnrolTotp = true
  }
  return actor
}

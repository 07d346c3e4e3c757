import 'server-only'
import NextAuth from 'next-auth'
import Credentials from 'next-auth/providers/credentials'
import type { EmailConfig } from 'next-auth/providers/email'
import { z } from 'zod'
import { prisma } from '@/lib/db'
import { SIGN_IN_LINK_MINUTES, sendSignInLink } from '@/lib/email/send-sign-in-link'
import { env } from '@/lib/env'
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE } from '@/lib/i18n/locales'
import { logger } from '@/lib/logger'
import { claimGuestOrders } from '@/lib/orders/claim-guest-orders'
import { authConfig } from './config'
import { emailSignInAdapter } from './email-adapter'
import { verifyPassword } from './password'

const ZCredentials = z.object({ email: z.email().max(254), password: z.string().min(1).max(200) })

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
  async sendVerificationRequest({ identifier, url, request }) {
    const user = await prisma.user.findUnique({ where: { email: identifier }, select: { role: true } })
    // same answer to the visitor either way, so the form does not reveal which addresses belong to staff
    if (user?.role === 'STAFF') return logger.warn('sign-in link refused for a staff account')
    await sendSignInLink(prisma, { email: identifier, url, locale: localeOf(request) })
  },
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  secret: env.AUTH_SECRET,
  adapter: emailSignInAdapter(prisma),
  callbacks: {
    ...authConfig.callbacks,
    signIn({ user, account, email }) {
      // staff never get a link (sendVerificationRequest skips them); refusing here as well guards the callback
      if (email?.verificationRequest) return true
      return !(account?.provider === 'email' && user.role === 'STAFF')
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
      credentials: { email: {}, password: {} },
      async authorize(raw) {
        const parsed = ZCredentials.safeParse(raw)
        if (!parsed.success) return null
        const user = await prisma.user.findUnique({ where: { email: parsed.data.email.toLowerCase() } })
        if (!user?.passwordHash) return null
        if (!(await verifyPassword(parsed.data.password, user.passwordHash))) return null
        return { id: user.id, email: user.email, name: user.name, role: user.role }
      },
    }),
  ],
})

export type Actor = { userId: string; email: string; role: 'CUSTOMER' | 'STAFF' }

export async function getActor(): Promise<Actor | null> {
  const session = await auth()
  if (!session?.user?.id) return null
  return { userId: session.user.id, email: session.user.email, role: session.user.role }
}

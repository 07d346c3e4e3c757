import type { NextAuthConfig } from 'next-auth'
import type { UserRole } from '@/generated/prisma/enums'
import { safeRedirectPath } from '@/lib/security/safe-redirect'
import { isStaffRole } from './permissions'

declare module 'next-auth' {
  interface User {
    role?: UserRole
    sessionVersion?: number
  }
  interface Session {
    user: { id: string; email: string; name?: string | null; role: UserRole }
    sessionVersion: number
  }
}

// The part of the auth configuration that needs no database, shared by proxy.ts and lib/auth.
export const authConfig = {
  // a used or expired email link lands on /signin?error=Verification
  pages: { signIn: '/signin', error: '/signin', verifyRequest: '/signin' },
  session: { strategy: 'jwt', maxAge: 8 * 60 * 60 },
  trustHost: true,
  providers: [],
  callbacks: {
    // every redirect next-auth makes (callbackUrl, redirectTo) stays on this site
    redirect({ url, baseUrl }) {
      return new URL(safeRedirectPath(url, '/', [baseUrl]), baseUrl).toString()
    },
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id
        token.role = user.role ?? 'CUSTOMER'
        // compared with users.session_version on every request (lib/auth getActor): bumping it signs out
        token.sv = user.sessionVersion ?? 0
      }
      return token
    },
    session({ session, token }) {
      session.user.id = token.sub ?? ''
      session.user.role = (token.role as UserRole | undefined) ?? 'CUSTOMER'
      session.sessionVersion = typeof token.sv === 'number' ? token.sv : 0
      return session
    },
    authorized({ auth, request }) {
      // first gate only: the page and action check the permission against the database's role
      if (request.nextUrl.pathname.startsWith('/admin')) return isStaffRole(auth?.user?.role)
      return true
    },
  },
} satisfies NextAuthConfig

import type { NextAuthConfig } from 'next-auth'
import type { UserRole } from '@/generated/prisma/enums'

declare module 'next-auth' {
  interface User {
    role?: UserRole
  }
  interface Session {
    user: { id: string; email: string; name?: string | null; role: UserRole }
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
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id
        token.role = user.role ?? 'CUSTOMER'
      }
      return token
    },
    session({ session, token }) {
      session.user.id = token.sub ?? ''
      session.user.role = (token.role as UserRole | undefined) ?? 'CUSTOMER'
      return session
    },
    authorized({ auth, request }) {
      if (request.nextUrl.pathname.startsWith('/admin')) return auth?.user?.role === 'STAFF'
      return true
    },
  },
} satisfies NextAuthConfig

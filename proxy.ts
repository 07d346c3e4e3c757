import NextAuth from 'next-auth'
import { authConfig } from '@/lib/auth/config'

// First gate only (sends non-staff from /admin to sign in); every admin page and action checks the role again.
const { auth } = NextAuth(authConfig)

export { auth as proxy }

export const config = { matcher: ['/admin/:path*'] }

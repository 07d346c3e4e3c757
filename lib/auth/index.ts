import 'server-only'
import NextAuth from 'next-auth'
import Credentials from 'next-auth/providers/credentials'
import { z } from 'zod'
import { prisma } from '@/lib/db'
import { env } from '@/lib/env'
import { authConfig } from './config'
import { verifyPassword } from './password'

const ZCredentials = z.object({ email: z.email().max(254), password: z.string().min(1).max(200) })

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  secret: env.AUTH_SECRET,
  providers: [
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

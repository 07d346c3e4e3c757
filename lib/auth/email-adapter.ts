import 'server-only'
import type { Adapter, AdapterUser, VerificationToken } from 'next-auth/adapters'
import type { User } from '@/generated/prisma/client'
import type { Db } from '@/lib/db'

// The part of an Auth.js adapter that email sign-in needs with JWT sessions: verification tokens and users. No
// accounts or sessions tables (see docs/decisions). Tokens arrive already hashed (sha256 of token + secret).

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const toAdapterUser = (u: User): AdapterUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  emailVerified: u.emailVerified,
  role: u.role,
})

export function emailSignInAdapter(db: Db): Adapter {
  return {
    async createUser(user) {
      const email = user.email.toLowerCase()
      // two first sign-ins of one address at once: the second finds the first one's row
      const created = await db.user.upsert({
        where: { email },
        create: { email, name: user.name ?? null, emailVerified: user.emailVerified },
        update: {},
      })
      return toAdapterUser(created)
    },
    async getUser(id) {
      if (!UUID.test(id)) return null
      const u = await db.user.findUnique({ where: { id } })
      return u ? toAdapterUser(u) : null
    },
    async getUserByEmail(email) {
      const u = await db.user.findUnique({ where: { email: email.toLowerCase() } })
      return u ? toAdapterUser(u) : null
    },
    async updateUser(user) {
      // Auth.js only updates emailVerified (after a used link); nothing else about a user changes through it
      const u = await db.user.update({
        where: { id: user.id },
        data: user.emailVerified ? { emailVerified: user.emailVerified } : {},
      })
      return toAdapterUser(u)
    },
    async createVerificationToken(token) {
      await db.verificationToken.deleteMany({ where: { expires: { lt: new Date() } } })
      await db.verificationToken.create({ data: token })
      return token
    },
    async useVerificationToken({ identifier, token }) {
      // single use: whoever deletes the row first gets it, a second click (or a concurrent one) gets nothing
      const rows = identifier
        ? await db.$queryRaw<VerificationToken[]>`
            DELETE FROM verification_tokens WHERE identifier = ${identifier} AND token = ${token}
            RETURNING identifier, token, expires`
        : await db.$queryRaw<VerificationToken[]>`
            DELETE FROM verification_tokens WHERE token = ${token} RETURNING identifier, token, expires`
      return rows[0] ?? null
    },
  }
}

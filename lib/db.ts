import 'server-only'
import { PrismaPg } from '@prisma/adapter-pg'
import { type Prisma, PrismaClient } from '@/generated/prisma/client'
import { env } from '@/lib/env'

export type Db = PrismaClient
/** A Prisma client or an interactive transaction: queries take this so they run inside any transaction. */
export type DbTx = Prisma.TransactionClient

function createClient() {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: env.DATABASE_URL, max: env.DATABASE_POOL_SIZE }),
  })
}

// One client per process; the global keeps `next dev` hot reloads from opening a pool per reload.
const g = globalThis as unknown as { hooklinePrisma?: PrismaClient }
export const prisma: PrismaClient = g.hooklinePrisma ?? createClient()
if (env.NODE_ENV !== 'production') g.hooklinePrisma = prisma

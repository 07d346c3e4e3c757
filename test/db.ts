// Helpers for integration tests. Each test file has its own database (test/setup-db.ts); resetDb() empties it
// between tests of one file.
import { prisma } from '@/lib/db'

export async function resetDb() {
  const tables = await prisma.$queryRaw<{ tablename: string }[]>`
    SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`
  const list = tables.map((t) => `"public"."${t.tablename}"`).join(', ')
  // the audit log refuses TRUNCATE unless this transaction says it is wiping a test database
  if (list)
    await prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL hookline.allow_audit_truncate = 'on'`)
      await tx.$executeRawUnsafe(`TRUNCATE ${list} RESTART IDENTITY CASCADE`)
    })
  await prisma.$executeRawUnsafe('DELETE FROM graphile_worker._private_jobs')
  await prisma.$executeRawUnsafe('DELETE FROM graphile_worker._private_job_queues')
}

export async function countJobs(task?: string) {
  const rows = task
    ? await prisma.$queryRaw<
        { c: bigint }[]
      >`SELECT count(*) c FROM graphile_worker.jobs WHERE task_identifier = ${task}`
    : await prisma.$queryRaw<{ c: bigint }[]>`SELECT count(*) c FROM graphile_worker.jobs`
  return Number(rows[0]!.c)
}

export async function createProduct(over: Partial<Parameters<typeof prisma.product.create>[0]['data']> = {}) {
  const n = Math.random().toString(36).slice(2, 8)
  return prisma.product.create({
    data: {
      slug: `p-${n}`,
      sku: `SKU-${n}`,
      namePl: `Produkt ${n}`,
      nameEn: `Product ${n}`,
      descriptionPl: 'opis',
      descriptionEn: 'description',
      priceGrossMinor: 1230,
      vatRate: 'R23',
      stock: 10,
      ...over,
    },
  })
}

export const address = { line1: 'ul. Długa 1', postalCode: '30-001', city: 'Kraków', country: 'PL' }

export const customer = (over: Record<string, unknown> = {}) => ({
  email: 'anna@example.com',
  name: 'Anna Nowak',
  billingAddress: address,
  shippingAddress: address,
  ...over,
})

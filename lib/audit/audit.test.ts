import { beforeEach, describe, expect, it } from 'vitest'
import { prisma } from '@/lib/db'
import { resetDb } from '@/test/db'
import { withAudit } from './audited-db'
import { listAuditEntries, ZAuditFilter } from './queries'
import { recordAudit } from './record-audit'

const owner = { userId: crypto.randomUUID(), email: 'owner@hookline.test', role: 'OWNER' }
const desk = { userId: crypto.randomUUID(), email: 'desk@hookline.test', role: 'STAFF' }

describe('audit log', () => {
  beforeEach(resetDb)

  it('is append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    await recordAudit(prisma, {
      actor: owner,
      action: 'settings.update',
      target: { type: 'shop_settings', id: '1' },
      before: { a: 1 },
      after: { a: 2 },
    })
    await expect(
      prisma.$executeRaw`UPDATE audit_log SET actor_email = 'someone-else@example.com'`,
    ).rejects.toThrow(/audit_log is append-only: UPDATE refused/)
    await expect(prisma.$executeRaw`DELETE FROM audit_log`).rejects.toThrow(
      /audit_log is append-only: DELETE refused/,
    )
    await expect(prisma.auditLog.deleteMany({})).rejects.toThrow(/append-only/)
    await expect(prisma.$executeRawUnsafe('TRUNCATE audit_log')).rejects.toThrow(/TRUNCATE refused/)
    const [row] = await prisma.auditLog.findMany()
    expect(row).toMatchObject({ actorEmail: 'owner@hookline.test', before: { a: 1 }, after: { a: 2 } })
  })

  it('an entry commits exactly with its change: a failing action leaves neither', async () => {
    const failing = withAudit(
      prisma,
      { actor: owner, action: 'settings.update', target: { type: 'security_settings' } },
      (db) =>
        db.$transaction(async (tx) => {
          await tx.securitySettings.create({ data: { id: 1, requireStaffTotp: true } })
          throw new Error('boom after the write')
        }),
    )
    await expect(failing).rejects.toThrow('boom after the write')
    expect(await prisma.securitySettings.count()).toBe(0)
    expect(await prisma.auditLog.count()).toBe(0)

    await withAudit(
      prisma,
      {
        actor: owner,
        action: 'security.update',
        target: { type: 'security_settings', id: '1' },
        before: async (tx) =>
          (await tx.securitySettings.findUnique({ where: { id: 1 } }))?.requireStaffTotp ?? null,
        after: async (tx) =>
          (await tx.securitySettings.findUnique({ where: { id: 1 } }))?.requireStaffTotp ?? null,
      },
      (db) =>
        db.$transaction((tx) => tx.securitySettings.create({ data: { id: 1, requireStaffTotp: true } })),
    )
    expect(await prisma.auditLog.findMany({ select: { before: true, after: true } })).toEqual([
      { before: null, after: true },
    ])
  })

  it('lists newest first, filtered by actor, action and day, 50 per page', async () => {
    for (let i = 0; i < 60; i++)
      await recordAudit(prisma, {
        actor: i % 2 ? owner : desk,
        action: i % 3 ? 'order.cancel' : 'refund.create',
        target: { type: 'order', id: `o${i}` },
      })
    await prisma.$executeRaw`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`
    // a test-only back-dating of five entries, to filter by day
    await prisma.$executeRaw`UPDATE audit_log SET at = '2026-01-15T12:00:00Z' WHERE id <= 5`
    await prisma.$executeRaw`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`

    const all = await listAuditEntries(prisma, ZAuditFilter.parse({}))
    expect(all.total).toBe(60)
    expect(all.items).toHaveLength(50)
    expect(all.pageCount).toBe(2)
    expect(all.items[0]!.targetId).toBe('o59')
    expect(all.actors).toEqual(['desk@hookline.test', 'owner@hookline.test'])
    const second = await listAuditEntries(prisma, ZAuditFilter.parse({ page: '2' }))
    expect(second.items.map((e) => e.targetId)).toEqual([
      'o9',
      'o8',
      'o7',
      'o6',
      'o5',
      'o4',
      'o3',
      'o2',
      'o1',
      'o0',
    ])

    const byOwner = await listAuditEntries(prisma, ZAuditFilter.parse({ actor: 'OWNER@hookline.test' }))
    expect(byOwner.total).toBe(30)
    const refunds = await listAuditEntries(prisma, ZAuditFilter.parse({ action: 'refund.create' }))
    expect(refunds.total).toBe(20)
    const oldDay = await listAuditEntries(
      prisma,
      ZAuditFilter.parse({ from: '2026-01-15', to: '2026-01-15' }),
    )
    expect(oldDay.items.map((e) => e.targetId)).toEqual(['o4', 'o3', 'o2', 'o1', 'o0'])
    const junk = ZAuditFilter.parse({ from: "2026-01-15'; DROP", page: '-3' })
    expect(junk).toMatchObject({ from: undefined, page: 1 })
  })
})

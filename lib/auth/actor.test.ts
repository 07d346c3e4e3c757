import { beforeEach, describe, expect, it } from 'vitest'
import { resetDb } from '@/test/db'

const { actorFor } = await import('@/lib/auth')
const { prisma } = await import('@/lib/db')

describe('getActor reads the account on every request', () => {
  beforeEach(resetDb)

  it('uses the current role, and voids sessions of an older version or of a disabled account', async () => {
    const u = await prisma.user.create({ data: { email: 'desk@hookline.test', role: 'STAFF' } })
    expect(await actorFor(u.id, 0)).toEqual({ userId: u.id, email: 'desk@hookline.test', role: 'STAFF' })
    await prisma.user.update({ where: { id: u.id }, data: { role: 'ACCOUNTANT' } })
    expect((await actorFor(u.id, 0))?.role).toBe('ACCOUNTANT')
    await prisma.user.update({ where: { id: u.id }, data: { sessionVersion: 1 } })
    expect(await actorFor(u.id, 0)).toBeNull()
    expect((await actorFor(u.id, 1))?.userId).toBe(u.id)
    await prisma.user.update({ where: { id: u.id }, data: { disabledAt: new Date() } })
    expect(await actorFor(u.id, 1)).toBeNull()
    expect(await actorFor('not-a-uuid', 0)).toBeNull()
  })
})

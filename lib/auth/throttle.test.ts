import { beforeEach, describe, expect, it } from 'vitest'
import { prisma } from '@/lib/db'
import { resetDb } from '@/test/db'
import { blockedFor, hit, POLICIES, type ThrottleScope, waitAfter } from './throttle'

/** Plays an attacker who tries again the moment the throttle allows, for `minutes`; returns the allowed tries. */
async function attack(
  scope: ThrottleScope,
  key: string,
  minutes: number,
  start = new Date('2026-03-01T10:00:00Z'),
) {
  let t = start.getTime()
  const end = t + minutes * 60_000
  let allowed = 0
  while (t < end) {
    const r = await hit(prisma, { scope, key }, new Date(t))
    if (r.isAllowed) allowed++
    else t += r.retryAfterS * 1000
  }
  return allowed
}

describe('throttle (PostgreSQL)', () => {
  beforeEach(resetDb)

  it('delays grow exponentially after the free tries, then the key locks, and every later hit locks it again', async () => {
    const p = POLICIES['password:account']
    expect([1, 5, 6, 7, 8, 9, 10, 11].map((n) => waitAfter(p, n))).toEqual([0, 0, 1, 2, 4, 8, 900, 900])
    const t0 = new Date('2026-03-01T10:00:00Z')
    const at = (s: number) => new Date(t0.getTime() + s * 1000)
    const key = { scope: 'password:account', key: 'owner@hookline.test' } as const
    for (let i = 0; i < 5; i++) expect(await hit(prisma, key, t0)).toMatchObject({ isAllowed: true })
    expect(await hit(prisma, key, t0)).toEqual({ isAllowed: true, hits: 6, isNewLock: false })
    expect(await hit(prisma, key, t0)).toEqual({ isAllowed: false, retryAfterS: 1, isLocked: false })
    expect(await hit(prisma, key, at(1))).toMatchObject({ isAllowed: true, hits: 7 })
    expect(await blockedFor(prisma, key, at(1))).toEqual({ retryAfterS: 2, isLocked: false })
    await hit(prisma, key, at(3)) // 8 -> wait 4
    await hit(prisma, key, at(7)) // 9 -> wait 8
    expect(await hit(prisma, key, at(15))).toEqual({ isAllowed: true, hits: 10, isNewLock: true })
    expect(await hit(prisma, key, at(16))).toEqual({ isAllowed: false, retryAfterS: 899, isLocked: true })
    expect(await hit(prisma, key, at(15 + 900))).toEqual({ isAllowed: true, hits: 11, isNewLock: false })
    expect(await blockedFor(prisma, key, at(15 + 900))).toEqual({ retryAfterS: 900, isLocked: true })
    // a day without hits: forgotten
    expect(await hit(prisma, key, at(15 + 900 + 900 + 24 * 3600))).toEqual({
      isAllowed: true,
      hits: 1,
      isNewLock: false,
    })
  })

  it('wrong staff passwords one client address can try: 20 in the first hour, then one an hour', async () => {
    expect(await attack('password:ip', '203.0.113.7', 60)).toBe(20)
    await resetDb()
    // a whole day: 20, then one each time the hour-long lock ends
    expect(await attack('password:ip', '203.0.113.7', 24 * 60)).toBe(20 + 23)
    await resetDb()
    // per account (from any number of addresses): 10 in the first minute, then one per 15 minutes
    expect(await attack('password:account', 'owner@hookline.test', 60)).toBe(13)
  })

  it('concurrent hits from many instances cannot slip past the check (one statement per hit)', async () => {
    const key = { scope: 'link:pair', key: 'a@example.com 203.0.113.7' } as const
    const now = new Date('2026-03-01T10:00:00Z')
    const results = await Promise.all(Array.from({ length: 12 }, () => hit(prisma, key, now)))
    // 3 free, the 4th sets a 30 s wait, the rest are refused
    expect(results.filter((r) => r.isAllowed)).toHaveLength(4)
    expect((await prisma.authThrottle.findUniqueOrThrow({ where: { scope_key: key } })).failures).toBe(4)
  })
})

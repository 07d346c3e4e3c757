import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { authBrowser, ORIGIN } from '@/test/auth-browser'
import { resetDb } from '@/test/db'

// Lockout across two app instances: two independent copies of the app's auth (each its own next-auth instance and
// its own PostgreSQL pool, nothing shared in memory), called through the real credentials route. Only PostgreSQL
// is common to both, as it is between real instances behind a load balancer.
async function appInstance() {
  vi.resetModules()
  delete (globalThis as { hooklinePrisma?: unknown }).hooklinePrisma
  const { handlers } = await import('@/lib/auth')
  const { prisma } = await import('@/lib/db')
  return { handlers, prisma }
}
const A = await appInstance()
const B = await appInstance()
const prisma = B.prisma
const { hashPassword } = await import('./password')

afterAll(async () => {
  await A.prisma.$disconnect()
})

const PASSWORD = 'correct horse battery'

async function staffUser(email = 'boss@hookline.test', role: 'OWNER' | 'STAFF' = 'OWNER') {
  return prisma.user.create({
    data: { email, role, passwordHash: await hashPassword(PASSWORD), locale: 'en' },
  })
}

/** The wait the throttle asked for is over: what a person (or a patient attacker) gets by waiting. */
const waitIsOver = () =>
  prisma.$executeRaw`UPDATE auth_throttles SET blocked_until = now() - interval '1 second'`

const alertsTo = (to: string) =>
  prisma.emailMessage.count({ where: { template: 'staff-alert', toAddress: to } })

describe('staff password sign-in is throttled across app instances', () => {
  beforeEach(resetDb)

  it('wrong passwords on both instances add up: delays, then a lockout that also refuses the right password', {
    timeout: 120_000,
  }, async () => {
    const owner = await staffUser()
    const attacker = authBrowser(A.handlers, '203.0.113.66')
    const wrong = { email: owner.email, password: 'guess' }
    // five free tries, alternating between the instances
    for (let i = 0; i < 5; i++) {
      const r = await attacker.signIn(wrong, i % 2 ? B.handlers : A.handlers)
      expect(r.code, `try ${i + 1}`).toBe('credentials')
    }
    // from the 6th on each wrong password sets a wait (1, 2, 4, 8 s); once the wait is over the next one counts
    for (let i = 6; i <= 9; i++) {
      await waitIsOver()
      expect((await attacker.signIn(wrong, i % 2 ? B.handlers : A.handlers)).code, `try ${i}`).toBe(
        'credentials',
      )
    }
    // the 9th set an 8 s wait on instance B; trying at once on instance A is refused without checking the password
    expect((await attacker.signIn({ ...wrong, password: PASSWORD }, A.handlers)).code).toBe('slow-down')
    await waitIsOver()
    // the 10th wrong password locks the account
    expect((await attacker.signIn(wrong, B.handlers)).code).toBe('credentials')
    const row = await prisma.authThrottle.findUniqueOrThrow({
      where: { scope_key: { scope: 'password:account', key: owner.email } },
    })
    expect(row.failures).toBe(10)
    expect(row.blockedUntil!.getTime() - row.lockedAt!.getTime()).toBe(15 * 60_000)

    // the real owner, from their own address and the other instance, is told the account is locked
    const real = authBrowser(A.handlers, '198.51.100.20')
    const locked = await real.signIn({ email: owner.email, password: PASSWORD }, A.handlers)
    expect(locked).toMatchObject({ status: 302, code: 'locked' })
    expect(locked.location).toBe(`${ORIGIN}/signin?error=CredentialsSignin&code=locked`)
    expect(await real.session(A.handlers)).toBeNull()

    // the owner is emailed (queued through lib/email, in their language) and staff get one alert
    const notice = await prisma.emailMessage.findFirstOrThrow({
      where: { template: 'staff-alert', toAddress: owner.email },
    })
    expect(notice.props).toMatchObject({ title: 'Sign-in to your account was locked' })
    expect(await alertsTo('staff@hookline.test')).toBe(1)

    // when the lock is over, the right password works (and clears the account's count)
    await waitIsOver()
    const ok = await real.signIn({ email: owner.email, password: PASSWORD }, B.handlers)
    expect(ok).toMatchObject({ status: 302, location: `${ORIGIN}/admin`, code: null })
    expect((await real.session(B.handlers))?.user).toMatchObject({ email: owner.email, role: 'OWNER' })
    expect(await prisma.authThrottle.count({ where: { scope: 'password:account' } })).toBe(0)
  })

  it('one client address guessing many accounts is locked after 20 wrong passwords; other clients are not; one alert', {
    timeout: 180_000,
  }, async () => {
    const owner = await staffUser()
    const attacker = authBrowser(A.handlers, '203.0.113.99')
    for (let i = 1; i <= 20; i++) {
      await waitIsOver()
      // a different account each time, so only the per-address limit applies
      const r = await attacker.signIn(
        { email: `guess${i}@hookline.test`, password: 'x' },
        i % 2 ? A.handlers : B.handlers,
      )
      expect(r.code, `try ${i}`).toBe('credentials')
    }
    const ip = await prisma.authThrottle.findUniqueOrThrow({
      where: { scope_key: { scope: 'password:ip', key: '203.0.113.99' } },
    })
    expect(ip.blockedUntil!.getTime() - ip.lockedAt!.getTime()).toBe(60 * 60_000)
    expect((await attacker.signIn({ email: owner.email, password: PASSWORD }, B.handlers)).code).toBe(
      'locked',
    )
    // someone else signs in normally
    const colleague = authBrowser(B.handlers, '198.51.100.7')
    expect((await colleague.signIn({ email: owner.email, password: PASSWORD })).code).toBeNull()
    // a second pattern the same day does not raise a second alert
    const other = authBrowser(A.handlers, '203.0.113.100')
    for (let i = 1; i <= 20; i++) {
      await waitIsOver()
      await other.signIn({ email: `again${i}@hookline.test`, password: 'x' })
    }
    expect(
      await prisma.authThrottle.count({ where: { scope: 'password:ip', lockedAt: { not: null } } }),
    ).toBe(2)
    expect(await alertsTo('staff@hookline.test')).toBe(1)
  })

  it("the client address is the trusted header's value and nothing else", async () => {
    const owner = await staffUser()
    const spoofing = authBrowser(A.handlers, '203.0.113.5')
    await spoofing.signIn({ email: owner.email, password: 'x' })
    // the test harness trusts X-Forwarded-For; the row is keyed by exactly that address, nothing else
    expect(
      (await prisma.authThrottle.findMany({ where: { scope: 'password:ip' } })).map((r) => r.key),
    ).toEqual(['203.0.113.5'])
  })
})

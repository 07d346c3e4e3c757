import { generate } from 'otplib'
import { beforeEach, describe, expect, it } from 'vitest'
import { authBrowser, ORIGIN } from '@/test/auth-browser'
import { resetDb } from '@/test/db'

// TOTP enrolment and sign-in through the real next-auth credentials route, and password changes that end the
// other sessions, on real PostgreSQL.
const { handlers, actorFor } = await import('@/lib/auth')
const { prisma } = await import('@/lib/db')
const { hashPassword } = await import('./password')
const account = await import('./account-security')
const { passwordSignIn } = await import('./password-sign-in')
const { setRequireStaffTotp } = await import('./staff-accounts')
const { assertCan } = await import('./require-staff')

const PASSWORD = 'correct horse battery'
const codeAt = (secret: string, ms: number) => generate({ secret, epoch: Math.floor(ms / 1000) })

async function enrolledStaff() {
  const user = await prisma.user.create({
    data: { email: 'desk@hookline.test', role: 'STAFF', passwordHash: await hashPassword(PASSWORD) },
  })
  const actor = { userId: user.id, email: user.email, role: user.role }
  const started = await account.startTotpEnrolment(prisma, user.id)
  expect(started.uri).toMatch(
    /^otpauth:\/\/totp\/Hookline:desk%40hookline\.test\?secret=[A-Z2-7]{32}&issuer=Hookline/,
  )
  expect(started.qrSvg).toMatch(/^<svg[^>]*>/)
  const secret = started.secret.replace(/ /g, '')
  // a wrong code does not enable it
  await expect(
    account.confirmTotpEnrolment(prisma, { userId: user.id, code: '000000' }, actor),
  ).rejects.toThrow(/not right/)
  // the code that enrols is from the previous 30 s step, so the sign-in below can use the current one
  const { recoveryCodes } = await account.confirmTotpEnrolment(
    prisma,
    { userId: user.id, code: await codeAt(secret, Date.now() - 30_000) },
    actor,
  )
  return { user, actor, secret, recoveryCodes }
}

describe('staff two-factor sign-in (TOTP, RFC 6238)', () => {
  beforeEach(resetDb)

  it('enrols with a code from the app; stores the secret sealed and the recovery codes hashed', async () => {
    const { user, secret, recoveryCodes } = await enrolledStaff()
    expect(recoveryCodes).toHaveLength(10)
    expect(recoveryCodes[0]).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/)
    const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } })
    expect(row.totpEnabledAt).toBeInstanceOf(Date)
    expect(row.totpSecret).not.toContain(secret)
    expect(row.recoveryCodeHashes).toHaveLength(10)
    expect(row.recoveryCodeHashes.join()).not.toContain(recoveryCodes[0]!.replace('-', ''))
    expect((await prisma.auditLog.findMany()).map((e) => e.action)).toEqual(['auth.totp_enable'])
  })

  it('signs in only with password and a fresh code; a code works once; each recovery code works once', async () => {
    const { secret, recoveryCodes } = await enrolledStaff()
    const browser = authBrowser(handlers, '198.51.100.30')
    const email = 'desk@hookline.test'
    expect((await browser.signIn({ email, password: PASSWORD })).code).toBe('code-required')
    expect((await browser.signIn({ email, password: PASSWORD, code: '123456' })).code).toBe('code-invalid')
    expect(
      (await browser.signIn({ email, password: 'wrong', code: await codeAt(secret, Date.now()) })).code,
    ).toBe('credentials')
    const code = await codeAt(secret, Date.now())
    const ok = await browser.signIn({ email, password: PASSWORD, code })
    expect(ok).toMatchObject({ status: 302, location: `${ORIGIN}/admin`, code: null })
    expect((await browser.session())?.user).toMatchObject({ email, role: 'STAFF' })
    // the same code again (a replay, or a shoulder-surfer right after) is refused
    const other = authBrowser(handlers, '198.51.100.31')
    expect((await other.signIn({ email, password: PASSWORD, code })).code).toBe('code-invalid')
    // a recovery code, once
    expect(
      (await other.signIn({ email, password: PASSWORD, code: recoveryCodes[3]!.toLowerCase() })).code,
    ).toBeNull()
    const third = authBrowser(handlers, '198.51.100.32')
    expect((await third.signIn({ email, password: PASSWORD, code: recoveryCodes[3]! })).code).toBe(
      'code-invalid',
    )
    expect((await prisma.user.findUniqueOrThrow({ where: { email } })).recoveryCodeHashes).toHaveLength(9)
    // wrong codes count like wrong passwords
    const row = await prisma.authThrottle.findUniqueOrThrow({
      where: { scope_key: { scope: 'password:account', key: email } },
    })
    expect(row.failures).toBe(1)
  })

  it('the form flow: a right password returns a ticket, the ticket and the code sign in; a forged ticket does not', async () => {
    const { secret } = await enrolledStaff()
    const input = { email: 'desk@hookline.test', clientAddress: '198.51.100.40' }
    const step1 = await passwordSignIn(prisma, { ...input, password: PASSWORD })
    expect(step1).toMatchObject({ ok: false, reason: 'code-required', ticket: expect.any(String) })
    const ticket = (step1 as { ticket: string }).ticket
    expect(
      await passwordSignIn(prisma, {
        ...input,
        ticket: `${ticket}x`,
        code: await codeAt(secret, Date.now()),
      }),
    ).toEqual({
      ok: false,
      reason: 'invalid',
    })
    const step2 = await passwordSignIn(prisma, { ...input, ticket, code: await codeAt(secret, Date.now()) })
    expect(step2).toMatchObject({ ok: true, user: { email: 'desk@hookline.test' } })
    // the ticket expires after 5 minutes
    const late = new Date(Date.now() + 6 * 60_000)
    expect(
      await passwordSignIn(prisma, { ...input, ticket, code: await codeAt(secret, late.getTime()) }, late),
    ).toEqual({
      ok: false,
      reason: 'invalid',
    })
  })

  it('the owner can require 2FA: staff without it may only set it up', async () => {
    const owner = await prisma.user.create({ data: { email: 'owner@hookline.test', role: 'OWNER' } })
    const desk = await prisma.user.create({ data: { email: 'new@hookline.test', role: 'STAFF' } })
    await setRequireStaffTotp(prisma, true, { userId: owner.id, email: owner.email, role: 'OWNER' })
    const actor = await actorFor(desk.id, 0)
    expect(actor).toMatchObject({ mustEnrolTotp: true })
    expect(() => assertCan(actor, 'orders.read')).toThrow('Set up two-factor sign-in first (My account).')
    expect(() => assertCan(actor, 'account.manage')).not.toThrow()
    const { secret } = {
      secret: (await account.startTotpEnrolment(prisma, desk.id)).secret.replace(/ /g, ''),
    }
    await account.confirmTotpEnrolment(
      prisma,
      { userId: desk.id, code: await codeAt(secret, Date.now()) },
      actor!,
    )
    expect((await actorFor(desk.id, 0))?.mustEnrolTotp).toBeUndefined()
    await expect(account.disableTotp(prisma, { userId: desk.id, password: 'x' }, actor!)).rejects.toThrow(
      /requires/,
    )
  })
})

describe('changing a password ends the other sessions', () => {
  beforeEach(resetDb)

  it('bumps the session version; only a proof from the server moves a session to it', async () => {
    const user = await prisma.user.create({
      data: { email: 'owner@hookline.test', role: 'OWNER', passwordHash: await hashPassword(PASSWORD) },
    })
    const laptop = authBrowser(handlers, '198.51.100.50')
    const phone = authBrowser(handlers, '198.51.100.51')
    await laptop.signIn({ email: user.email, password: PASSWORD })
    await phone.signIn({ email: user.email, password: PASSWORD })
    expect((await laptop.session())?.sessionVersion).toBe(0)

    const actor = { userId: user.id, email: user.email, role: user.role }
    await expect(
      account.changePassword(
        prisma,
        { userId: user.id, current: 'nope', next: 'a new long password' },
        actor,
      ),
    ).rejects.toThrow('The current password is not right.')
    const { sessionVersion } = await account.changePassword(
      prisma,
      { userId: user.id, current: PASSWORD, next: 'a new long password' },
      actor,
    )
    expect(sessionVersion).toBe(1)
    // both old sessions are void now (getActor compares the version on every request)
    expect(await actorFor(user.id, 0)).toBeNull()
    // the phone tries to move itself to the new version without the server's proof: nothing
    await phone.updateSession({ sv: 1, proof: 'made-up' })
    expect((await phone.session())?.sessionVersion).toBe(0)
    // the laptop (the one that changed it) gets the proof from the server action
    await laptop.updateSession({ sv: 1, proof: account.sessionVersionProof(user.id, 1) })
    expect((await laptop.session())?.sessionVersion).toBe(1)
    expect((await actorFor(user.id, 1))?.email).toBe('owner@hookline.test')
    // and the old password no longer signs in, the new one does
    expect((await authBrowser(handlers).signIn({ email: user.email, password: PASSWORD })).code).toBe(
      'credentials',
    )
    expect(
      (await authBrowser(handlers).signIn({ email: user.email, password: 'a new long password' })).code,
    ).toBeNull()
    expect((await prisma.auditLog.findMany()).map((e) => e.action)).toEqual(['auth.password_change'])
  })
})

import { NextRequest } from 'next/server'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { authBrowser } from '@/test/auth-browser'
import { startResendTestbed } from '@/test/resend-testbed'

// Magic-link sign-in end to end: the real next-auth route handlers, our adapter on real PostgreSQL, the link sent
// through lib/email and the official SDK to a Resend sandbox, read back from the sandbox like a person would.
const bed = await startResendTestbed()
const { handlers } = await import('@/lib/auth')
const { prisma } = await import('@/lib/db')
const { placeOrder } = await import('@/lib/orders/place-order')
const { createProduct, customer, resetDb } = await import('@/test/db')

afterAll(() => bed.close())

const ORIGIN = 'http://localhost:3000'

/** A browser in miniature: keeps cookies between requests. */
function browser() {
  const jar = new Map<string, string>()
  async function request(path: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const url = path.startsWith('http') ? path : `${ORIGIN}${path}`
    const headers = new Headers({ cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') })
    if (init.form) headers.set('content-type', 'application/x-www-form-urlencoded')
    const req = new NextRequest(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    })
    const res = await (req.method === 'POST' ? handlers.POST(req) : handlers.GET(req))
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const i = pair!.indexOf('=')
      const name = pair!.slice(0, i)
      const value = pair!.slice(i + 1)
      if (value && !/expires=Thu, 01 Jan 1970/i.test(c)) jar.set(name, value)
      else jar.delete(name)
    }
    return res
  }
  return {
    request,
    async askForLink(email: string) {
      const { csrfToken } = (await (await request('/api/auth/csrf')).json()) as { csrfToken: string }
      return request('/api/auth/signin/email', {
        form: { email, csrfToken, callbackUrl: `${ORIGIN}/account` },
      })
    },
    async session() {
      return (await (await request('/api/auth/session')).json()) as {
        user?: { id: string; email: string; role: string }
      } | null
    },
  }
}

async function linkFor(email: string) {
  const [message] = await bed.messages(email)
  expect(message, `a message to ${email}`).toBeDefined()
  const link = message!.links.find((l) => l.includes('/api/auth/callback/email'))
  expect(link).toBeDefined()
  return { message: message!, link: link! }
}

describe('sign-in by email link', () => {
  beforeEach(async () => {
    await resetDb()
    await bed.reset()
  })

  it('sends a link through Resend, the link signs the customer in once, and a second use is refused', async () => {
    const email = 'zofia@example.com'
    // a guest order placed earlier with this address becomes the customer's once the address is proven
    const p = await createProduct()
    const guest = await placeOrder(
      prisma,
      {
        lines: [{ productId: p.id, quantity: 1 }],
        customer: customer({ email }),
        locale: 'pl',
        consent: true,
      },
      { unpaidTtlMinutes: 60 },
    )

    const visitor = browser()
    const asked = await visitor.askForLink('Zofia@Example.com')
    expect(asked.status).toBe(302)
    expect(asked.headers.get('location')).toMatch(/\/api\/auth\/verify-request\?provider=email&type=email$/)

    const { message, link } = await linkFor(email)
    expect(message.subject).toBe('Twój link do logowania w Hookline Demo Shop')
    expect(message.text).toContain('przez 15 minut')
    // the token is stored hashed only, and the email log keeps no link
    const [stored] = await prisma.verificationToken.findMany()
    expect(link).not.toContain(stored!.token)
    const log = await prisma.emailMessage.findFirstOrThrow({ where: { template: 'sign-in-link' } })
    expect(log).toMatchObject({
      toAddress: email,
      status: 'SENT',
      providerMessageId: message.id,
      props: null,
    })
    expect(stored!.expires.getTime() - Date.now()).toBeLessThanOrEqual(15 * 60_000)
    expect(stored!.expires.getTime() - Date.now()).toBeGreaterThan(14 * 60_000)

    expect(await visitor.session()).toBeNull()
    const signedIn = await visitor.request(link)
    expect(signedIn.status).toBe(302)
    expect(signedIn.headers.get('location')).toBe(`${ORIGIN}/account`)
    const session = await visitor.session()
    expect(session?.user).toMatchObject({ email, role: 'CUSTOMER' })
    const user = await prisma.user.findUniqueOrThrow({ where: { email } })
    expect(user.emailVerified).toBeInstanceOf(Date)
    expect(session!.user!.id).toBe(user.id)
    expect((await prisma.order.findUniqueOrThrow({ where: { id: guest.orderId } })).userId).toBe(user.id)

    // the same link again, from another browser: refused
    const attacker = browser()
    const reused = await attacker.request(link)
    expect(reused.status).toBe(302)
    expect(reused.headers.get('location')).toBe(`${ORIGIN}/signin?error=Verification`)
    expect(await attacker.session()).toBeNull()
    expect(await prisma.verificationToken.count()).toBe(0)
  })

  it('an expired link is refused', async () => {
    const visitor = browser()
    await visitor.askForLink('late@example.com')
    const { link } = await linkFor('late@example.com')
    await prisma.verificationToken.updateMany({ data: { expires: new Date(Date.now() - 1000) } })
    const res = await visitor.request(link)
    expect(res.headers.get('location')).toBe(`${ORIGIN}/signin?error=Verification`)
    expect(await visitor.session()).toBeNull()
  })

  it('a tampered link (another address, or another token) is refused', async () => {
    const visitor = browser()
    await visitor.askForLink('owner@example.com')
    const { link } = await linkFor('owner@example.com')
    const otherEmail = link.replace(/email=[^&]+/, 'email=thief%40example.com')
    expect((await visitor.request(otherEmail)).headers.get('location')).toMatch(/error=Verification/)
    const otherToken = link.replace(/token=[^&]+/, 'token=0000')
    expect((await visitor.request(otherToken)).headers.get('location')).toMatch(/error=Verification/)
    expect(await visitor.session()).toBeNull()
  })

  it('staff accounts get no link (they sign in with a password), with the same answer to the visitor', async () => {
    await prisma.user.create({ data: { email: 'boss@hookline.test', role: 'STAFF', passwordHash: 'x' } })
    const res = await browser().askForLink('boss@hookline.test')
    expect(res.headers.get('location')).toMatch(/\/api\/auth\/verify-request\?provider=email&type=email$/)
    expect(await bed.messages('boss@hookline.test')).toHaveLength(0)
  })

  it('one client gets 4 links for one address in a row; another client still gets one (the owner is not locked out)', async () => {
    const flooder = authBrowser(handlers, '203.0.113.9')
    const answers = []
    for (let i = 0; i < 7; i++)
      answers.push((await flooder.askForLink('flood@example.com')).headers.get('location'))
    expect(await bed.messages('flood@example.com')).toHaveLength(4)
    // refused requests are told so (not silently swallowed)
    expect(answers.slice(4)).toEqual(Array(3).fill(`${ORIGIN}/signin?error=AccessDenied`))
    const owner = authBrowser(handlers, '198.51.100.44')
    expect((await owner.askForLink('flood@example.com')).headers.get('location')).toMatch(/verify-request/)
    expect(await bed.messages('flood@example.com')).toHaveLength(5)
  })

  it('one client cannot send sign-in links to many addresses', async () => {
    const sprayer = authBrowser(handlers, '203.0.113.10')
    for (let i = 0; i < 10; i++) await sprayer.askForLink(`victim${i}@example.com`)
    // 5 free, the 6th sets a 15 s wait
    const sent = await prisma.emailMessage.count({ where: { template: 'sign-in-link' } })
    expect(sent).toBe(6)
    expect(
      await prisma.authThrottle.findUniqueOrThrow({
        where: { scope_key: { scope: 'link:ip', key: '203.0.113.10' } },
      }),
    ).toMatchObject({ failures: 6 })
  })

  it('many clients together cannot fill one inbox: the per-address cap', async () => {
    for (let c = 0; c < 5; c++) {
      const client = authBrowser(handlers, `203.0.113.${100 + c}`)
      for (let i = 0; i < 3; i++) await client.askForLink('target@example.com')
    }
    // 5 free, the 6th sets a 30 s wait for every client
    expect(await bed.messages('target@example.com')).toHaveLength(6)
  })
})

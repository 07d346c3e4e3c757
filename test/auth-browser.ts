import { NextRequest } from 'next/server'

// A browser in miniature for next-auth's route handlers: keeps cookies between requests, and plays its own client
// address (the tests act as the reverse proxy that sets X-Forwarded-For; TRUSTED_PROXY_HEADER is set in setup-db).
export const ORIGIN = 'http://localhost:3000'

type Handlers = { GET: (r: NextRequest) => Promise<Response>; POST: (r: NextRequest) => Promise<Response> }

export function authBrowser(handlers: Handlers, clientAddress = '198.51.100.1') {
  const jar = new Map<string, string>()
  async function request(
    path: string,
    init: { method?: string; form?: Record<string, string>; json?: unknown; via?: Handlers } = {},
  ) {
    const url = path.startsWith('http') ? path : `${ORIGIN}${path}`
    const headers = new Headers({
      cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
      'x-forwarded-for': clientAddress,
    })
    if (init.form) headers.set('content-type', 'application/x-www-form-urlencoded')
    if (init.json) headers.set('content-type', 'application/json')
    const req = new NextRequest(url, {
      method: init.method ?? (init.form || init.json ? 'POST' : 'GET'),
      headers,
      body: init.form
        ? new URLSearchParams(init.form).toString()
        : init.json
          ? JSON.stringify(init.json)
          : undefined,
    })
    const h = init.via ?? handlers
    const res = await (req.method === 'POST' ? h.POST(req) : h.GET(req))
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
  const csrf = async (via?: Handlers) =>
    ((await (await request('/api/auth/csrf', { via })).json()) as { csrfToken: string }).csrfToken
  return {
    request,
    /** password sign-in through the credentials callback route; `via` picks the app instance */
    async signIn(fields: Record<string, string>, via?: Handlers) {
      const res = await request('/api/auth/callback/credentials', {
        form: { ...fields, csrfToken: await csrf(via), callbackUrl: `${ORIGIN}/admin` },
        via,
      })
      const location = res.headers.get('location') ?? ''
      const code = new URL(location, ORIGIN).searchParams.get('code')
      return { status: res.status, location, code }
    },
    async askForLink(email: string, via?: Handlers) {
      return request('/api/auth/signin/email', {
        form: { email, csrfToken: await csrf(via), callbackUrl: `${ORIGIN}/account` },
        via,
      })
    },
    /** what `update(data)` from a browser sends to next-auth's session endpoint */
    async updateSession(data: unknown, via?: Handlers) {
      return request('/api/auth/session', { json: { csrfToken: await csrf(via), data }, via })
    },
    async session(via?: Handlers) {
      return (await (await request('/api/auth/session', { via })).json()) as {
        user?: { id: string; email: string; role: string }
        sessionVersion?: number
      } | null
    },
  }
}

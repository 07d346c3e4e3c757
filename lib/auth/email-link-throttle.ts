import 'server-only'
import { AccessDenied } from '@auth/core/errors'
import type { Db } from '@/lib/db'
import { hit } from './throttle'

/**
 * A sign-in link refused by the throttle; the form says when the visitor may ask again. An AccessDenied, so next-auth
 * hands it to the server action as it is and answers the route with ?error=AccessDenied (not "Configuration").
 */
export class EmailLinkRefused extends AccessDenied {
  constructor(readonly retryAfterS: number) {
    super(`sign-in link throttled for ${retryAfterS} s`)
  }
}

/**
 * Counts one sign-in link for this client and address, or throws EmailLinkRefused. One client can send links to a
 * handful of addresses an hour (link:ip), one address from one client gets a few (link:pair), and only a flood from
 * many clients at once reaches the per-address cap (link:address), so someone else's requests cannot quietly use up
 * the owner's links. Links already sent stay valid for their 15 minutes either way.
 */
export async function countSignInLink(
  db: Db,
  input: { email: string; clientAddress: string },
  now = new Date(),
) {
  const email = input.email.trim().toLowerCase()
  for (const k of [
    { scope: 'link:ip', key: input.clientAddress },
    { scope: 'link:pair', key: `${email} ${input.clientAddress}` },
    { scope: 'link:address', key: email },
  ] as const) {
    const r = await hit(db, k, now)
    if (!r.isAllowed) throw new EmailLinkRefused(r.retryAfterS)
  }
}

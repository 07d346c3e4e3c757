import 'server-only'
import { redirect } from 'next/navigation'
import { type Actor, getActor } from '@/lib/auth'

/** For admin pages: anyone who is not staff is sent to sign in (with a "staff only" note). */
export async function requireStaffPage(path: string): Promise<Actor> {
  const actor = await getActor()
  if (actor?.role !== 'STAFF') redirect(`/signin?callbackUrl=${encodeURIComponent(path)}`)
  return actor
}

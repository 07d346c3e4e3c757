import type { Metadata } from 'next'
import Link from 'next/link'
import { SignInForm } from '@/components/shop/sign-in-form'
import { Alert } from '@/components/ui/alert'
import { getActor } from '@/lib/auth'
import { getDictionary } from '@/lib/i18n/server'

export const metadata: Metadata = { title: 'Sign in' }

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string }>
}) {
  const [{ t }, sp, actor] = await Promise.all([getDictionary(), searchParams, getActor()])
  const wantsAdmin = sp.callbackUrl
    ? new URL(sp.callbackUrl, 'http://x').pathname.startsWith('/admin')
    : false
  return (
    <main className="mx-auto max-w-sm px-4 py-16">
      <Link href="/" className="text-sm text-brand hover:underline">
        ← {t.shop.title}
      </Link>
      <h1 className="mt-4 mb-6 text-2xl font-semibold">{t.auth.signIn}</h1>
      {actor && actor.role !== 'STAFF' && wantsAdmin && (
        <div className="mb-4">
          <Alert>{t.auth.staffOnly}</Alert>
        </div>
      )}
      <SignInForm
        labels={{
          email: t.auth.email,
          password: t.auth.password,
          signIn: t.auth.signIn,
          invalid: t.auth.invalid,
        }}
        callbackUrl={sp.callbackUrl ? new URL(sp.callbackUrl, 'http://x').pathname : undefined}
      />
    </main>
  )
}

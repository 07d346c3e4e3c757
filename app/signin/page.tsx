import type { Metadata } from 'next'
import Link from 'next/link'
import { EmailLinkForm } from '@/components/shop/email-link-form'
import { SignInForm } from '@/components/shop/sign-in-form'
import { Alert } from '@/components/ui/alert'
import { getActor } from '@/lib/auth'
import { isStaffRole } from '@/lib/auth/permissions'
import { env } from '@/lib/env'
import { getSecurityDictionary } from '@/lib/i18n/admin/security'
import { getDictionary } from '@/lib/i18n/server'
import { safeRedirectPath } from '@/lib/security/safe-redirect'

export const metadata: Metadata = { title: 'Sign in' }

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string; type?: string; code?: string }>
}) {
  const [{ t }, { t: st }, sp, actor] = await Promise.all([
    getDictionary(),
    getSecurityDictionary(),
    searchParams,
    getActor(),
  ])
  const callbackPath = sp.callbackUrl ? safeRedirectPath(sp.callbackUrl, '/', [env.APP_URL]) : undefined
  const wantsAdmin = callbackPath?.startsWith('/admin') ?? false
  return (
    <main className="mx-auto max-w-sm px-4 py-16">
      <Link href="/" className="text-sm text-brand hover:underline">
        ← {t.shop.title}
      </Link>
      <h1 className="mt-4 mb-6 text-2xl font-semibold">{t.auth.signIn}</h1>
      {actor && !isStaffRole(actor.role) && wantsAdmin && (
        <div className="mb-4">
          <Alert>{t.auth.staffOnly}</Alert>
        </div>
      )}
      {sp.type === 'email' && (
        <div className="mb-4">
          <Alert kind="success">{t.auth.linkSent}</Alert>
        </div>
      )}
      {sp.error === 'AccessDenied' && (
        <div className="mb-4">
          <Alert>{st.signIn.linkThrottled.replace('{time}', st.signIn.minutes(15))}</Alert>
        </div>
      )}
      {sp.error === 'CredentialsSignin' && (sp.code === 'locked' || sp.code === 'slow-down') && (
        <div className="mb-4">
          <Alert>{st.signIn.lockedGeneric}</Alert>
        </div>
      )}
      {sp.error === 'Verification' && (
        <div className="mb-4">
          <Alert>{t.auth.linkInvalid}</Alert>
        </div>
      )}
      {!wantsAdmin && (
        <div className="mb-10 space-y-3">
          <h2 className="font-semibold">{t.auth.linkHeading}</h2>
          <p className="text-sm text-stone-600">{t.auth.linkIntro}</p>
          <EmailLinkForm
            labels={{
              email: t.auth.linkEmail,
              send: t.auth.linkSend,
              sent: t.auth.linkSent,
              failed: t.auth.linkFailed,
            }}
            callbackUrl={callbackPath}
          />
        </div>
      )}
      {!wantsAdmin && <h2 className="mb-3 font-semibold">{t.auth.staffHeading}</h2>}
      <SignInForm
        labels={{
          email: t.auth.email,
          password: t.auth.password,
          signIn: t.auth.signIn,
          codeLabel: st.signIn.codeLabel,
          continue: st.signIn.continue,
        }}
        callbackUrl={callbackPath}
      />
    </main>
  )
}

import type { Metadata } from 'next'
import {
  changePasswordAction,
  confirmTotpAction,
  disableTotpAction,
  newRecoveryCodesAction,
  startTotpAction,
} from '@/app/admin/account/actions'
import { SecurityForm } from '@/components/admin/security-form'
import { Alert } from '@/components/ui/alert'
import { pendingTotpEnrolment } from '@/lib/auth/account-security'
import { requireStaffPage } from '@/lib/auth/require-staff'
import { getSecuritySettings } from '@/lib/auth/staff-accounts'
import { prisma } from '@/lib/db'
import { getSecurityDictionary } from '@/lib/i18n/admin/security'

export const metadata: Metadata = { title: 'My account' }

export default async function AccountPage() {
  const actor = await requireStaffPage('/admin/account', 'account.manage', { isEnrolmentPage: true })
  const [{ t }, user, settings] = await Promise.all([
    getSecurityDictionary(),
    prisma.user.findUniqueOrThrow({
      where: { id: actor.userId },
      select: { email: true, totpEnabledAt: true, recoveryCodeHashes: true },
    }),
    getSecuritySettings(prisma),
  ])
  const m = t.me
  const pending = user.totpEnabledAt ? null : await pendingTotpEnrolment(prisma, actor.userId)
  return (
    <div className="max-w-2xl space-y-10">
      <h1 className="text-2xl font-semibold">
        {m.title} <span className="block text-base font-normal text-stone-500 sm:inline">{user.email}</span>
      </h1>
      {actor.mustEnrolTotp && <Alert>{m.totpRequired}</Alert>}

      <section aria-labelledby="totp-heading" className="space-y-3">
        <h2 id="totp-heading" className="text-lg font-semibold">
          {m.totpHeading}
        </h2>
        <p className="text-sm" data-testid="totp-status">
          {user.totpEnabledAt ? m.totpOn : m.totpOff}
        </p>
        {user.totpEnabledAt ? (
          <>
            <p className="text-sm text-stone-600">{m.codesLeft(user.recoveryCodeHashes.length)}</p>
            <SecurityForm
              action={newRecoveryCodesAction}
              submit={m.newCodes}
              variant="secondary"
              codesHeading={m.codesHeading}
              codesIntro={m.codesIntro}
              testId="new-codes"
            />
            {!settings.requireStaffTotp && (
              <SecurityForm
                action={disableTotpAction}
                fields={[
                  { name: 'password', label: m.current, type: 'password', autoComplete: 'current-password' },
                ]}
                submit={m.disable}
                variant="danger"
                testId="disable-totp"
              />
            )}
          </>
        ) : pending ? (
          <div className="space-y-3">
            <p className="text-sm">{m.scan}</p>
            <div
              className="h-48 w-48 rounded border border-stone-300 bg-white p-1"
              role="img"
              aria-label={m.scan}
              // biome-ignore lint/security/noDangerouslySetInnerHtml: an SVG the qrcode library drew from our own URI
              dangerouslySetInnerHTML={{ __html: pending.qrSvg }}
            />
            <p className="text-sm">
              {m.key}:{' '}
              <code className="rounded bg-stone-100 px-1 font-mono break-all" data-testid="totp-secret">
                {pending.secret}
              </code>
            </p>
            <SecurityForm
              action={confirmTotpAction}
              fields={[{ name: 'code', label: m.code, autoComplete: 'one-time-code', inputMode: 'numeric' }]}
              submit={m.confirm}
              codesHeading={m.codesHeading}
              codesIntro={m.codesIntro}
              testId="confirm-totp"
            />
          </div>
        ) : (
          <SecurityForm action={startTotpAction} submit={m.start} testId="start-totp" />
        )}
      </section>

      <section aria-labelledby="password-heading" className="space-y-3">
        <h2 id="password-heading" className="text-lg font-semibold">
          {m.passwordHeading}
        </h2>
        <p className="text-sm text-stone-600">{m.passwordHint}</p>
        <SecurityForm
          action={changePasswordAction}
          fields={[
            { name: 'current', label: m.current, type: 'password', autoComplete: 'current-password' },
            { name: 'next', label: m.next, type: 'password', autoComplete: 'new-password' },
          ]}
          submit={m.changePassword}
          testId="change-password"
        />
      </section>
    </div>
  )
}

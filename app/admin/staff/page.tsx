import type { Metadata } from 'next'
import {
  changeStaffRoleAction,
  createStaffAction,
  setRequireTotpAction,
  setStaffAccessAction,
} from '@/app/admin/staff/actions'
import { ActionForm } from '@/components/admin/action-form'
import { StaffForm } from '@/components/admin/staff-form'
import { STAFF_ROLES } from '@/lib/auth/permissions'
import { requireStaffPage } from '@/lib/auth/require-staff'
import { getSecuritySettings, listStaff } from '@/lib/auth/staff-accounts'
import { listLockedAccounts } from '@/lib/auth/throttle-queries'
import { prisma } from '@/lib/db'
import { getSecurityDictionary } from '@/lib/i18n/admin/security'
import { formatDate } from '@/lib/money'

export const metadata: Metadata = { title: 'Staff' }

const selectCls = 'rounded-md border border-stone-300 bg-white px-2 py-1.5 text-sm'

export default async function StaffPage() {
  const actor = await requireStaffPage('/admin/staff', 'staff.manage')
  const [{ t, locale }, staff, settings, locked] = await Promise.all([
    getSecurityDictionary(),
    listStaff(prisma),
    getSecuritySettings(prisma),
    listLockedAccounts(prisma),
  ])
  const s = t.staff
  return (
    <div className="space-y-10">
      <section aria-labelledby="staff-heading">
        <h1 id="staff-heading" className="text-2xl font-semibold">
          {s.title}
        </h1>
        <p className="max-w-3xl text-sm text-stone-600">{s.intro}</p>
        <div className="mt-6 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b border-stone-300">
                <th scope="col" className="py-2 pr-3">
                  {s.email}
                </th>
                <th scope="col" className="pr-3">
                  {s.twoFactor}
                </th>
                <th scope="col" className="pr-3">
                  {s.status}
                </th>
                <th scope="col" className="pr-3">
                  {s.role}
                </th>
                <th scope="col">
                  <span className="sr-only">{s.revoke}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {staff.map((u) => {
                const lock = locked.get(u.email)
                return (
                  <tr key={u.id} data-testid="staff-row" className="border-b border-stone-200 align-top">
                    <td className="py-2 pr-3">
                      <span className="font-medium">{u.email}</span> {u.id === actor.userId && s.you}
                      <br />
                      <span className="text-stone-500">{u.name}</span>
                    </td>
                    <td className="pr-3">{u.totpEnabledAt ? s.on : s.off}</td>
                    <td className="pr-3">
                      {u.disabledAt ? s.disabled : s.active}
                      {lock && (
                        <span className="block text-red-700">{s.locked(formatDate(lock, locale))}</span>
                      )}
                    </td>
                    <td className="pr-3">
                      <ActionForm
                        action={changeStaffRoleAction}
                        hidden={{ userId: u.id }}
                        label={s.save}
                        variant="secondary"
                      >
                        <label className="sr-only" htmlFor={`role-${u.id}`}>
                          {s.role} {u.email}
                        </label>
                        <select id={`role-${u.id}`} name="role" defaultValue={u.role} className={selectCls}>
                          {STAFF_ROLES.map((r) => (
                            <option key={r} value={r}>
                              {t.roles[r]}
                            </option>
                          ))}
                        </select>
                      </ActionForm>
                    </td>
                    <td>
                      {u.id !== actor.userId && (
                        <ActionForm
                          action={setStaffAccessAction}
                          hidden={{ userId: u.id, access: u.disabledAt ? 'restore' : 'revoke' }}
                          label={u.disabledAt ? s.restore : s.revoke}
                          variant={u.disabledAt ? 'secondary' : 'danger'}
                        />
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="add-heading" className="max-w-md">
        <h2 id="add-heading" className="text-lg font-semibold">
          {s.addHeading}
        </h2>
        <StaffForm
          action={createStaffAction}
          labels={{ email: s.email, name: s.name, role: s.role, password: s.password, add: s.add }}
          roles={STAFF_ROLES.map((r) => [r, t.roles[r] ?? r])}
        />
      </section>

      <section aria-labelledby="require-heading" className="max-w-xl">
        <h2 id="require-heading" className="text-lg font-semibold">
          {s.requireHeading}
        </h2>
        <ActionForm action={setRequireTotpAction} hidden={{}} label={s.saveRequire} variant="secondary">
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              name="requireStaffTotp"
              defaultChecked={settings.requireStaffTotp}
              className="mt-1"
            />
            <span>
              {s.requireLabel}
              <span className="block text-stone-500">{s.requireHint}</span>
            </span>
          </label>
        </ActionForm>
      </section>
    </div>
  )
}

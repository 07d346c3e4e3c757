import type { Metadata } from 'next'
import { updateShippingMethodAction } from '@/app/admin/shipments/actions'
import { ActionForm } from '@/components/admin/action-form'
import { requireStaffPage } from '@/lib/auth/require-staff'
import { prisma } from '@/lib/db'
import { shippingAdminMessages } from '@/lib/i18n/admin/shipping'
import { getLocale } from '@/lib/i18n/server'
import { listAllMethods } from '@/lib/shipping/methods'

export const metadata: Metadata = { title: 'Shipping methods' }

const input = 'mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-sm'

export default async function ShippingMethodsPage() {
  await requireStaffPage('/admin/shipments/methods', 'settings.read')
  const locale = await getLocale()
  const t = shippingAdminMessages[locale]
  const methods = await listAllMethods(prisma)
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t.methodsTitle}</h1>
      {methods.map((m) => (
        <section key={m.id} aria-labelledby={`m-${m.id}`} className="rounded-md border border-stone-200 p-4">
          <h2 id={`m-${m.id}`} className="mb-3 font-semibold">
            {locale === 'pl' ? m.namePl : m.nameEn} <span className="text-xs text-stone-500">({m.kind})</span>
          </h2>
          <ActionForm action={updateShippingMethodAction} hidden={{ id: m.id }} label={t.save}>
            <div className="grid gap-3 sm:grid-cols-2">
              <label className="block text-sm">
                {t.namePl}
                <input name="namePl" defaultValue={m.namePl} className={input} required />
              </label>
              <label className="block text-sm">
                {t.nameEn}
                <input name="nameEn" defaultValue={m.nameEn} className={input} required />
              </label>
              <label className="block text-sm">
                {t.price}
                <input
                  name="priceGrossMinor"
                  inputMode="numeric"
                  defaultValue={m.priceGrossMinor}
                  className={input}
                />
              </label>
              <label className="block text-sm">
                {t.freeAbove}
                <input
                  name="freeAboveMinor"
                  inputMode="numeric"
                  defaultValue={m.freeAboveMinor ?? ''}
                  className={input}
                />
              </label>
              <label className="block text-sm">
                {t.maxWeight}
                <input
                  name="maxWeightGrams"
                  inputMode="numeric"
                  defaultValue={m.maxWeightGrams}
                  className={input}
                />
              </label>
              {m.kind === 'APACZKA_COURIER' && (
                <label className="block text-sm">
                  {t.carriers}
                  <input
                    name="carrierServiceIds"
                    defaultValue={m.carrierServiceIds.join(', ')}
                    className={input}
                  />
                </label>
              )}
            </div>
            <fieldset className="mt-3 flex flex-wrap gap-4 text-sm">
              <legend className="mb-1 font-medium">{t.parcelSizes}</legend>
              {(['small', 'medium', 'large'] as const).map((p) => (
                <label key={p} className="flex items-center gap-1">
                  <input type="checkbox" name={p} defaultChecked={m.parcelTemplates.includes(p)} />{' '}
                  {t.templates[p]}
                </label>
              ))}
            </fieldset>
            <label className="mt-3 flex items-center gap-2 text-sm">
              <input type="checkbox" name="isActive" defaultChecked={m.isActive} /> {t.active}
            </label>
          </ActionForm>
        </section>
      ))}
    </div>
  )
}

import type { Metadata } from 'next'
import Link from 'next/link'
import { GenerateExportForm, RefreshWhileRunning } from '@/components/admin/export-forms'
import { Alert } from '@/components/ui/alert'
import { Pagination } from '@/components/ui/pagination'
import type { TExportWarning } from '@/lib/accounting/build-export'
import { currentWarsawMonth, lastClosedMonth } from '@/lib/accounting/month'
import { listExportMonths } from '@/lib/accounting/queries'
import { can } from '@/lib/auth/permissions'
import { requireStaffPage } from '@/lib/auth/require-staff'
import { prisma } from '@/lib/db'
import { accountingStrings, type TAccountingStrings } from '@/lib/i18n/admin/accounting'
import { getLocale } from '@/lib/i18n/server'
import { formatMoney } from '@/lib/money'
import { generateExportAction } from './actions'

export const metadata: Metadata = { title: 'Exports' }

const STATUS_STYLE: Record<string, string> = {
  RUNNING: 'bg-sky-100 text-sky-900',
  READY: 'bg-emerald-100 text-emerald-900',
  FAILED: 'bg-red-100 text-red-900',
}

function warningText(t: TAccountingStrings, w: TExportWarning): string {
  switch (w.code) {
    case 'foreign_currency':
      return t.warnings.foreign_currency(w.count, w.numbers)
    case 'jpk_not_generated':
      return t.warnings.jpk_not_generated(w.missing)
    case 'ksef_number_missing':
      return t.warnings.ksef_number_missing(w.count)
  }
}

const kb = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} KB`

export default async function AdminExportsPage({
  searchParams,
}: {
  searchParams: Promise<{ page?: string }>
}) {
  const actor = await requireStaffPage('/admin/exports', 'exports.read')
  const locale = await getLocale()
  const t = accountingStrings[locale]
  const sp = await searchParams
  const { items, page, pageCount, isRunning } = await listExportMonths(prisma, { page: Number(sp.page ?? 1) })
  const now = new Date()
  const dateTime = new Intl.DateTimeFormat(locale === 'pl' ? 'pl-PL' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Warsaw',
  })
  return (
    <section aria-labelledby="exports-heading" className="space-y-6">
      <RefreshWhileRunning isRunning={isRunning} />
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 id="exports-heading" className="text-2xl font-semibold">
          {t.title}
        </h1>
        {can(actor.role, 'settings.read') && (
          <Link href="/admin/settings#accounting" className="text-sm text-brand hover:underline">
            {t.settingsLink}
          </Link>
        )}
      </div>
      <p className="max-w-3xl text-sm text-stone-600">{t.intro}</p>

      {can(actor.role, 'exports.generate') ? (
        <div className="rounded-lg border border-stone-200 bg-white p-4">
          <h2 className="mb-3 text-lg font-semibold">{t.generateHeading}</h2>
          <GenerateExportForm
            action={generateExportAction}
            defaultMonth={lastClosedMonth(now)}
            maxMonth={currentWarsawMonth(now)}
            labels={{ month: t.monthLabel, submit: t.generate, pending: t.generating }}
          />
        </div>
      ) : (
        <p className="text-sm text-stone-600">{t.readOnly}</p>
      )}

      {items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-stone-300 p-8 text-center text-stone-600">
          {t.empty}
        </p>
      ) : (
        <ol className="space-y-6" aria-label={t.title}>
          {items.map(({ month, versions }) => (
            <li key={month} data-testid={`export-month-${month}`}>
              <h2 className="text-xl font-semibold">{month}</h2>
              <ol className="mt-2 space-y-3">
                {versions.map((v) => (
                  <li
                    key={v.id}
                    data-testid={`export-${month}-v${v.version}`}
                    className="rounded-lg border border-stone-200 bg-white p-4"
                  >
                    <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                      <h3 className="font-semibold">{t.version(v.version)}</h3>
                      <span
                        className={`rounded-full px-2.5 py-0.5 text-xs font-medium ${STATUS_STYLE[v.status]}`}
                      >
                        {t.status[v.status]}
                      </span>
                      <span className="text-sm text-stone-600">
                        {t.trigger[v.trigger] ?? v.trigger} · {t.createdAt} {dateTime.format(v.createdAt)}
                      </span>
                    </div>
                    {v.summary?.previous && (
                      <p
                        className={`mt-1 text-sm ${v.trigger === 'changed' ? 'text-amber-800' : 'text-stone-600'}`}
                      >
                        {v.trigger === 'changed' ? t.newVersionOf : t.replaces(v.summary.previous.version)} (
                        {t.changedSince(
                          v.summary.previous.version,
                          v.summary.previous.documents,
                          v.summary.previous.ksefNumbered,
                          v.invoiceCount + v.correctionCount,
                          v.summary.ksefNumbered,
                        )}
                        )
                      </p>
                    )}
                    {v.status === 'RUNNING' && (
                      <p className="mt-2 text-sm text-sky-900" role="status">
                        {t.progress(v.progress?.processed ?? 0)}
                      </p>
                    )}
                    {v.status === 'FAILED' && (
                      <div className="mt-2">
                        <Alert>{t.failed(v.error ?? '')}</Alert>
                      </div>
                    )}
                    {v.status === 'READY' && (
                      <>
                        <p className="mt-1 text-sm text-stone-700">
                          {t.documents(v.invoiceCount, v.correctionCount)}
                          {v.summary && (
                            <>
                              {' · '}
                              {t.totals}: {t.net} {formatMoney(v.summary.pln.netMinor, 'PLN', locale)},{' '}
                              {t.vat} {formatMoney(v.summary.pln.vatMinor, 'PLN', locale)}, {t.gross}{' '}
                              {formatMoney(v.summary.pln.grossMinor, 'PLN', locale)}
                            </>
                          )}
                        </p>
                        {v.warnings.map((w) => (
                          <div key={w.code} className="mt-2">
                            <Alert kind="info">{warningText(t, w)}</Alert>
                          </div>
                        ))}
                        <ul className="mt-3 divide-y divide-stone-100" aria-label={t.files}>
                          {v.files.map((f) => (
                            <li
                              key={f.id}
                              className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm"
                            >
                              <span>
                                <span className="font-medium">{t.fileKind[f.kind] ?? f.kind}</span>{' '}
                                <span className="text-stone-500">
                                  · {t.rows(f.rowCount)} · {kb(f.sizeBytes)}
                                </span>
                              </span>
                              <a
                                href={`/admin/exports/files/${f.id}`}
                                download={f.fileName}
                                className="rounded-md border border-stone-300 px-3 py-1 hover:bg-stone-100"
                                aria-label={`${t.download} ${f.fileName}`}
                              >
                                {t.download}
                              </a>
                            </li>
                          ))}
                        </ul>
                      </>
                    )}
                  </li>
                ))}
              </ol>
            </li>
          ))}
        </ol>
      )}
      <Pagination
        page={page}
        pageCount={pageCount}
        href={(p) => `/admin/exports?page=${p}`}
        labels={{
          previous: t.pagination.previous,
          next: t.pagination.next,
          page: t.pagination.page(page, pageCount),
        }}
      />
    </section>
  )
}

import type { Metadata } from 'next'
import { Pagination } from '@/components/ui/pagination'
import { listAuditEntries, ZAuditFilter } from '@/lib/audit/queries'
import { AUDIT_ACTIONS } from '@/lib/audit/record-audit'
import { requireStaffPage } from '@/lib/auth/require-staff'
import { prisma } from '@/lib/db'
import { getSecurityDictionary } from '@/lib/i18n/admin/security'
import { formatDate } from '@/lib/money'

export const metadata: Metadata = { title: 'Audit log' }

type SP = Record<string, string | undefined>

const inputCls = 'mt-1 block rounded-md border border-stone-300 bg-white px-3 py-2 text-sm'

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="text-stone-400">–</span>
  return (
    <pre className="max-w-xs overflow-x-auto whitespace-pre-wrap break-all rounded bg-stone-100 p-1 text-xs">
      {JSON.stringify(value, null, 1)}
    </pre>
  )
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<SP> }) {
  await requireStaffPage('/admin/audit', 'audit.read')
  const [{ t, locale }, sp] = await Promise.all([getSecurityDictionary(), searchParams])
  const filter = ZAuditFilter.parse(sp)
  const { items, total, page, pageCount, actors } = await listAuditEntries(prisma, filter)
  const query = (p: number) =>
    `/admin/audit?${new URLSearchParams({
      ...(filter.actor ? { actor: filter.actor } : {}),
      ...(filter.action ? { action: filter.action } : {}),
      ...(filter.from ? { from: filter.from } : {}),
      ...(filter.to ? { to: filter.to } : {}),
      page: String(p),
    })}`
  const a = t.audit
  return (
    <section aria-labelledby="audit-heading">
      <h1 id="audit-heading" className="text-2xl font-semibold">
        {a.title} <span className="text-base font-normal text-stone-500">({total})</span>
      </h1>
      <p className="max-w-3xl text-sm text-stone-600">{a.intro}</p>
      <form className="mt-4 flex flex-wrap items-end gap-3" aria-label={a.filter}>
        <div>
          <label htmlFor="audit-actor" className="block text-sm font-medium">
            {a.actor}
          </label>
          <select id="audit-actor" name="actor" defaultValue={filter.actor ?? ''} className={inputCls}>
            <option value="">{a.all}</option>
            {actors.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-action" className="block text-sm font-medium">
            {a.action}
          </label>
          <select id="audit-action" name="action" defaultValue={filter.action ?? ''} className={inputCls}>
            <option value="">{a.all}</option>
            {AUDIT_ACTIONS.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-from" className="block text-sm font-medium">
            {a.from}
          </label>
          <input id="audit-from" type="date" name="from" defaultValue={filter.from} className={inputCls} />
        </div>
        <div>
          <label htmlFor="audit-to" className="block text-sm font-medium">
            {a.to}
          </label>
          <input id="audit-to" type="date" name="to" defaultValue={filter.to} className={inputCls} />
        </div>
        <button type="submit" className="rounded-md bg-stone-800 px-4 py-2 text-sm text-white">
          {a.filter}
        </button>
      </form>
      {items.length === 0 ? (
        <p className="mt-8 text-stone-600">{a.empty}</p>
      ) : (
        <div className="mt-6 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b border-stone-300">
                <th scope="col" className="py-2 pr-3">
                  {a.when}
                </th>
                <th scope="col" className="pr-3">
                  {a.actor}
                </th>
                <th scope="col" className="pr-3">
                  {a.action}
                </th>
                <th scope="col" className="pr-3">
                  {a.target}
                </th>
                <th scope="col">{a.changes}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr
                  key={String(e.id)}
                  data-testid="audit-row"
                  className="border-b border-stone-200 align-top"
                >
                  <td className="py-2 pr-3 whitespace-nowrap">
                    <time dateTime={e.at.toISOString()}>{formatDate(e.at, locale)}</time>
                  </td>
                  <td className="pr-3">
                    {e.actorEmail}
                    <br />
                    <span className="text-xs text-stone-500">{t.roles[e.actorRole] ?? e.actorRole}</span>
                  </td>
                  <td className="pr-3 font-mono text-xs">{e.action}</td>
                  <td className="pr-3 text-xs">
                    {e.targetType === 'order' && e.targetId ? (
                      <a href={`/admin/orders/${e.targetId}`} className="text-brand hover:underline">
                        order {e.targetId.slice(0, 8)}
                      </a>
                    ) : (
                      <>
                        {e.targetType}
                        {e.targetId ? ` ${e.targetId.slice(0, 8)}` : ''}
                      </>
                    )}
                  </td>
                  <td>
                    <div className="flex flex-wrap gap-2">
                      {e.before !== null && (
                        <div>
                          <span className="text-xs text-stone-500">{a.before}</span>
                          <Json value={e.before} />
                        </div>
                      )}
                      <div>
                        <span className="text-xs text-stone-500">{a.after}</span>
                        <Json value={e.after} />
                      </div>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination
        page={page}
        pageCount={pageCount}
        href={query}
        labels={{ previous: a.previous, next: a.next, page: a.page(page, pageCount) }}
      />
    </section>
  )
}

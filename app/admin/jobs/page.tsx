import type { Metadata } from 'next'
import Link from 'next/link'
import { retryJobAction } from '@/app/admin/actions'
import { ActionForm } from '@/components/admin/action-form'
import { Pagination } from '@/components/ui/pagination'
import { requireStaffPage } from '@/lib/auth/require-staff'
import { prisma } from '@/lib/db'
import { listFailingJobs, listJobFailures } from '@/lib/jobs/dead-letters'
import { formatDate } from '@/lib/money'

export const metadata: Metadata = { title: 'Jobs' }

export default async function AdminJobsPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  await requireStaffPage('/admin/jobs', 'jobs.read')
  const sp = await searchParams
  const [{ items, page, pageCount, total }, failing] = await Promise.all([
    listJobFailures(prisma, { page: Number(sp.page ?? 1) }),
    listFailingJobs(prisma),
  ])
  return (
    <div className="space-y-10">
      <section aria-labelledby="dead-heading">
        <h1 id="dead-heading" className="text-2xl font-semibold">
          Dead jobs <span className="text-base font-normal text-stone-500">({total})</span>
        </h1>
        <p className="text-sm text-stone-600">
          Jobs that failed for good: a bad payload, a permanent error, or every retry used up. Fix the cause,
          then retry.
        </p>
        {items.length === 0 ? (
          <p className="mt-4 text-stone-600">No dead jobs. Everything went through.</p>
        ) : (
          <table className="mt-4 w-full text-left text-sm">
            <thead>
              <tr className="border-b border-stone-300">
                <th scope="col" className="py-2">
                  When
                </th>
                <th scope="col">Task</th>
                <th scope="col">Error</th>
                <th scope="col">Attempts</th>
                <th scope="col">Order</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((f) => (
                <tr key={f.id} className="border-b border-stone-200 align-top">
                  <td className="py-2">{formatDate(f.createdAt, 'en')}</td>
                  <td className="font-mono text-xs">{f.taskName}</td>
                  <td className="max-w-md break-words text-red-800">
                    {f.isPermanent ? 'permanent: ' : 'retries exhausted: '}
                    {f.error}
                  </td>
                  <td>{f.attempts}</td>
                  <td>
                    {f.orderId && (
                      <Link href={`/admin/orders/${f.orderId}`} className="text-brand hover:underline">
                        open
                      </Link>
                    )}
                  </td>
                  <td>
                    <ActionForm
                      action={retryJobAction}
                      hidden={{ failureId: f.id }}
                      label="Retry"
                      variant="secondary"
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pagination
          page={page}
          pageCount={pageCount}
          href={(p) => `/admin/jobs?page=${p}`}
          labels={{ previous: 'Previous', next: 'Next', page: `Page ${page} of ${pageCount}` }}
        />
      </section>
      <section aria-labelledby="retrying-heading">
        <h2 id="retrying-heading" className="text-lg font-semibold">
          Retrying now
        </h2>
        {failing.length === 0 ? (
          <p className="text-sm text-stone-600">No job is waiting for a retry.</p>
        ) : (
          <ul className="mt-2 space-y-1 text-sm">
            {failing.map((j) => (
              <li key={j.id}>
                <span className="font-mono text-xs">{j.task_identifier}</span> attempt {j.attempts}/
                {j.max_attempts}, next run {formatDate(j.run_at, 'en')}:{' '}
                <span className="text-red-800">{j.last_error?.slice(0, 200)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}

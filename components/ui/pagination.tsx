import Link from 'next/link'

export function Pagination({
  page,
  pageCount,
  href,
  labels,
}: {
  page: number
  pageCount: number
  href: (page: number) => string
  labels: { previous: string; next: string; page: string }
}) {
  if (pageCount <= 1) return null
  const cls = 'rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm hover:bg-stone-100'
  return (
    <nav aria-label="Pagination" className="mt-6 flex items-center justify-between gap-4">
      {page > 1 ? (
        <Link className={cls} href={href(page - 1)} rel="prev">
          {labels.previous}
        </Link>
      ) : (
        <span />
      )}
      <span className="text-sm text-stone-600">{labels.page}</span>
      {page < pageCount ? (
        <Link className={cls} href={href(page + 1)} rel="next">
          {labels.next}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  )
}

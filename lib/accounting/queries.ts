import type { DbTx } from '@/lib/db'
import type { TExportSummary, TExportWarning } from './build-export'

export const MONTHS_PER_PAGE = 12

/** Exported months, newest first, each with every version (newest first) and its files. */
export async function listExportMonths(db: DbTx, opts: { page?: number } = {}) {
  const months = await db.accountingExport.findMany({
    distinct: ['month'],
    select: { month: true },
    orderBy: { month: 'desc' },
  })
  const pageCount = Math.max(1, Math.ceil(months.length / MONTHS_PER_PAGE))
  const page = Math.min(pageCount, Math.max(1, Math.floor(opts.page ?? 1) || 1))
  const shown = months.slice((page - 1) * MONTHS_PER_PAGE, page * MONTHS_PER_PAGE).map((m) => m.month)
  const versions = await db.accountingExport.findMany({
    where: { month: { in: shown } },
    orderBy: [{ month: 'desc' }, { version: 'desc' }],
    include: {
      files: {
        select: { id: true, kind: true, fileName: true, sizeBytes: true, rowCount: true, sha256: true },
        orderBy: { kind: 'asc' },
      },
      progress: { select: { processed: true } },
    },
  })
  const items = shown.map((month) => ({
    month,
    versions: versions
      .filter((v) => v.month === month)
      .map((v) => ({
        ...v,
        // only a finished version's files can be downloaded
        files: v.status === 'READY' ? v.files : [],
        warnings: v.warnings as unknown as TExportWarning[],
        summary: v.summary as unknown as TExportSummary | null,
      })),
  }))
  return { items, page, pageCount, isRunning: versions.some((v) => v.status === 'RUNNING') }
}

/** A file of a READY export, or null. */
export async function getExportFile(db: DbTx, fileId: string) {
  const f = await db.accountingExportFile.findUnique({
    where: { id: fileId },
    include: { export: { select: { status: true } } },
  })
  return f && f.export.status === 'READY' ? f : null
}

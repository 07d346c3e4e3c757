import type { Prisma } from '@/generated/prisma/client'
import type { Db, DbTx } from '@/lib/db'
import { AppError } from '@/lib/errors'
import { registerCsvWriter, type TDecimalSeparator } from './csv/register-csv'
import { jpkV7mWriter, type TJpkHeader } from './jpk/jpk-v7m'
import { isTaxOfficeCode } from './jpk/tax-offices'
import type { TMonth } from './month'
import { optimaWriter, type TOptimaContractor } from './optima/optima-xml'
import { monthFingerprint, readMonthContractors, readMonthRecords } from './read-month'
import { isPln, type TExportRecord } from './records'
import { createFileWriter } from './storage'

// Builds one version of a month's export: one pass over the month's documents (a cursor, see read-month.ts) feeds
// every file writer at once, each writer flushes its bytes to the database chunk by chunk, and the files, the
// counts and READY commit together. Memory stays flat whatever the month's size.

export const EXPORT_FILE_KINDS = ['jpk_v7m', 'csv_comma', 'csv_dot', 'optima_xml'] as const
export type TExportFileKind = (typeof EXPORT_FILE_KINDS)[number]

export type TExportWarning =
  | { code: 'foreign_currency'; count: number; numbers: string[] }
  | { code: 'jpk_not_generated'; missing: ('taxOfficeCode' | 'sellerEmail' | 'seller')[] }
  | { code: 'ksef_number_missing'; count: number }

export type TCurrencyTotals = { documents: number; netMinor: number; vatMinor: number; grossMinor: number }

export type TExportSummary = {
  currencies: Record<string, TCurrencyTotals>
  /** PLN documents in the JPK and Optima files, and their sums */
  pln: TCurrencyTotals
  ksefNumbered: number
  jpk: { rows: number; vatDueMinor: number; fields: Record<string, number> } | null
  optima: { rows: number; netMinor: number; vatMinor: number }
  csvRows: number
  /** the version this one follows, as it was */
  previous?: { version: number; documents: number; ksefNumbered: number } | null
}

const BUILD_TX = { timeout: 30 * 60_000, maxWait: 30_000, isolationLevel: 'RepeatableRead' as const }

const fileName = (month: TMonth, version: number, kind: TExportFileKind) => {
  const base = `${month}-v${version}`
  switch (kind) {
    case 'jpk_v7m':
      return `JPK_V7M-${base}.xml`
    case 'csv_comma':
      return `rejestr-sprzedazy-${base}-przecinek.csv`
    case 'csv_dot':
      return `rejestr-sprzedazy-${base}-kropka.csv`
    case 'optima_xml':
      return `optima-rejestr-vat-${base}.xml`
  }
}
const CONTENT_TYPE: Record<TExportFileKind, string> = {
  jpk_v7m: 'application/xml; charset=utf-8',
  csv_comma: 'text/csv; charset=utf-8',
  csv_dot: 'text/csv; charset=utf-8',
  optima_xml: 'application/xml; charset=utf-8',
}

const addTo = (t: TCurrencyTotals, r: TExportRecord) => {
  t.documents += 1
  t.netMinor += r.totals.netMinor
  t.vatMinor += r.totals.vatMinor
  t.grossMinor += r.totals.grossMinor
}
const zero = (): TCurrencyTotals => ({ documents: 0, netMinor: 0, vatMinor: 0, grossMinor: 0 })

type TJpkSetup = { header: TJpkHeader } | { missing: ('taxOfficeCode' | 'sellerEmail' | 'seller')[] }

async function jpkSetup(tx: DbTx, month: TMonth, isCorrection: boolean, now: Date): Promise<TJpkSetup> {
  const [shop, acc] = await Promise.all([
    tx.shopSettings.findUnique({ where: { id: 1 } }),
    tx.accountingSettings.findUnique({ where: { id: 1 } }),
  ])
  const missing: ('taxOfficeCode' | 'sellerEmail' | 'seller')[] = []
  if (!shop?.sellerNip || !shop.sellerName) missing.push('seller')
  if (!shop?.sellerEmail) missing.push('sellerEmail')
  if (!acc?.taxOfficeCode || !isTaxOfficeCode(acc.taxOfficeCode)) missing.push('taxOfficeCode')
  if (missing.length || !shop?.sellerEmail || !acc?.taxOfficeCode) return { missing }
  return {
    header: {
      year: Number(month.slice(0, 4)),
      month: Number(month.slice(5, 7)),
      taxOfficeCode: acc.taxOfficeCode,
      purpose: isCorrection ? 2 : 1,
      createdAt: now,
      seller: { nip: shop.sellerNip, name: shop.sellerName, email: shop.sellerEmail },
    },
  }
}

/**
 * The export files of one month from its documents (in register order) and its contractors: one pass feeds every
 * writer; `write` receives each file's chunks in order. Pure of the database, so tests run it on generated data.
 */
export async function writeExportFiles(input: {
  records: AsyncIterable<TExportRecord> | Iterable<TExportRecord>
  contractors: AsyncIterable<TOptimaContractor> | Iterable<TOptimaContractor>
  jpkHeader: TJpkHeader | null
  write: (kind: TExportFileKind, chunk: string) => Promise<unknown>
  onProgress?: (processed: number) => Promise<void>
  progressEvery?: number
}) {
  const { write, jpkHeader } = input
  const jpkW = jpkHeader ? jpkV7mWriter(jpkHeader) : null
  const csv: Record<TDecimalSeparator, ReturnType<typeof registerCsvWriter>> = {
    ',': registerCsvWriter(','),
    '.': registerCsvWriter('.'),
  }
  const optima = optimaWriter()

  if (jpkW) await write('jpk_v7m', jpkW.begin())
  await write('csv_comma', csv[','].begin())
  await write('csv_dot', csv['.'].begin())
  await write('optima_xml', optima.begin())
  for await (const c of input.contractors) await write('optima_xml', optima.contractor(c))
  await write('optima_xml', optima.registers())

  const currencies: Record<string, TCurrencyTotals> = {}
  const pln = zero()
  const foreign: string[] = []
  let foreignCount = 0
  let invoices = 0
  let corrections = 0
  let ksefNumbered = 0
  let ksefMissing = 0
  let processed = 0
  for await (const r of input.records) {
    processed += 1
    if (r.kind === 'invoice') invoices += 1
    else corrections += 1
    currencies[r.currency] ??= zero()
    addTo(currencies[r.currency]!, r)
    await write('csv_comma', csv[','].row(r))
    await write('csv_dot', csv['.'].row(r))
    if (isPln(r)) {
      addTo(pln, r)
      if (r.ksefNumber) ksefNumbered += 1
      else if (r.buyerNip) ksefMissing += 1
      if (jpkW) await write('jpk_v7m', jpkW.row(r))
      await write('optima_xml', optima.row(r))
    } else {
      foreignCount += 1
      if (foreign.length < 20) foreign.push(r.number)
    }
    if (input.onProgress && processed % (input.progressEvery ?? 5000) === 0) await input.onProgress(processed)
  }
  if (jpkW) await write('jpk_v7m', jpkW.end())
  await write('optima_xml', optima.end())

  const summary: TExportSummary = {
    currencies,
    pln,
    ksefNumbered,
    jpk: jpkW ? { ...jpkW.totals } : null,
    optima: { rows: optima.rows, ...optima.totals },
    csvRows: csv[','].rows,
  }
  const rowCount: Record<TExportFileKind, number> = {
    jpk_v7m: jpkW?.totals.rows ?? 0,
    csv_comma: csv[','].rows,
    csv_dot: csv['.'].rows,
    optima_xml: optima.rows,
  }
  return { summary, rowCount, invoices, corrections, foreignCount, foreign, ksefMissing }
}

export type TBuildOptions = {
  now?: Date
  batchSize?: number
  /** called with the number of documents read so far (every `progressEvery` documents) */
  onProgress?: (processed: number) => Promise<void>
  progressEvery?: number
}

/**
 * Builds the files of a RUNNING export and marks it READY, in one transaction. Idempotent: an export that is not
 * RUNNING any more is left as it is (a repeated job finds its work done).
 */
export async function buildAccountingExport(db: Db, exportId: string, opts: TBuildOptions = {}) {
  const now = opts.now ?? new Date()
  const progressEvery = opts.progressEvery ?? 5000
  const onProgress =
    opts.onProgress ??
    ((processed: number) =>
      db.accountingExportProgress
        .upsert({
          where: { exportId },
          create: { exportId, processed },
          update: { processed, updatedAt: new Date() },
        })
        .then(() => undefined))

  return db.$transaction(async (tx) => {
    // one builder at a time per export; a second worker on the same job waits, then finds it READY
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`accounting-export/${exportId}`}))::text`
    const exp = await tx.accountingExport.findUnique({ where: { id: exportId } })
    if (!exp)
      throw new AppError('NOT_FOUND', `accounting export ${exportId} not found`, { isRetryable: false })
    if (exp.status !== 'RUNNING') return { status: exp.status, version: exp.version, isNew: false }
    const month = exp.month
    const previous = await tx.accountingExport.findFirst({
      where: { month, status: 'READY', version: { lt: exp.version } },
      orderBy: { version: 'desc' },
    })

    const jpk = await jpkSetup(tx, month, previous !== null, now)
    const kinds = EXPORT_FILE_KINDS.filter((k) => k !== 'jpk_v7m' || 'header' in jpk)
    const files = new Map<TExportFileKind, { id: string; writer: ReturnType<typeof createFileWriter> }>()
    for (const kind of kinds) {
      const f = await tx.accountingExportFile.create({
        data: {
          exportId,
          kind,
          fileName: fileName(month, exp.version, kind),
          contentType: CONTENT_TYPE[kind],
          sizeBytes: 0,
          sha256: '',
          rowCount: 0,
        },
        select: { id: true },
      })
      files.set(kind, { id: f.id, writer: createFileWriter(tx, f.id) })
    }
    const written = await writeExportFiles({
      records: readMonthRecords(tx, month, { batchSize: opts.batchSize }),
      contractors: readMonthContractors(tx, month, { batchSize: opts.batchSize }),
      jpkHeader: 'header' in jpk ? jpk.header : null,
      write: async (kind, chunk) => files.get(kind)?.writer.write(chunk),
      onProgress,
      progressEvery,
    })
    for (const [kind, f] of files) {
      const done = await f.writer.finish()
      await tx.accountingExportFile.update({
        where: { id: f.id },
        data: { sizeBytes: done.sizeBytes, sha256: done.sha256, rowCount: written.rowCount[kind] },
      })
    }
    const { summary, invoices, corrections, foreignCount, foreign, ksefMissing } = written
    const ksefNumbered = summary.ksefNumbered

    const warnings: TExportWarning[] = []
    if (foreignCount) warnings.push({ code: 'foreign_currency', count: foreignCount, numbers: foreign })
    if ('missing' in jpk) warnings.push({ code: 'jpk_not_generated', missing: jpk.missing })
    if (ksefMissing) warnings.push({ code: 'ksef_number_missing', count: ksefMissing })
    const { fingerprint } = await monthFingerprint(tx, month)
    const prevSummary = previous?.summary as TExportSummary | null | undefined
    const changeNote = previous
      ? `v${previous.version}: ${previous.invoiceCount + previous.correctionCount} documents, ` +
        `${prevSummary?.ksefNumbered ?? 0} with a KSeF number; now ${invoices + corrections} documents, ` +
        `${ksefNumbered} with a KSeF number`
      : null
    summary.previous = previous
      ? {
          version: previous.version,
          documents: previous.invoiceCount + previous.correctionCount,
          ksefNumbered: prevSummary?.ksefNumbered ?? 0,
        }
      : null
    await tx.accountingExport.update({
      where: { id: exportId },
      data: {
        status: 'READY',
        fingerprint,
        invoiceCount: invoices,
        correctionCount: corrections,
        excludedCount: foreignCount,
        warnings: warnings as unknown as Prisma.InputJsonValue,
        summary: summary as unknown as Prisma.InputJsonValue,
        changeNote,
        finishedAt: new Date(),
      },
    })
    return { status: 'READY' as const, version: exp.version, isNew: true }
  }, BUILD_TX)
}

/** The last attempt failed: the version is kept as FAILED with the reason, and a new one may be requested. */
export async function markExportFailed(db: Db, exportId: string, error: string) {
  await db.accountingExport.updateMany({
    where: { id: exportId, status: 'RUNNING' },
    data: { status: 'FAILED', error: error.slice(0, 2000), finishedAt: new Date() },
  })
}

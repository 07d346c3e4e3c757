import type { DbTx } from '@/lib/db'
import { monthBounds, type TMonth } from './month'
import type { TOptimaContractor } from './optima/optima-xml'
import { EXPORT_ROW_JSON, recordFromRow, type TExportRecord, type TInvoiceExportRow } from './records'

// Cursor-based reads of one month's documents: a server-side cursor (DECLARE ... FETCH n) inside the caller's
// transaction, so a month of any size is read in batches of `batchSize` rows and never held in memory whole. Use a
// REPEATABLE READ transaction: the passes over the month (contractors, records, fingerprint) then see one snapshot.

/** The date a document is recorded under (records.ts periodOf, in SQL). */
const PERIOD_DATE = `CASE WHEN i.kind = 'CORRECTIVE' AND i.document->'corrected'->>'effect' = 'original'
  THEN (i.document->'corrected'->>'issueDate')::date ELSE i.issue_date END`

/** The month's documents: issued in it, or corrections of its errors issued later (which are never earlier). */
export function monthWhere(month: TMonth): { sql: string; params: string[] } {
  const { from, to } = monthBounds(month)
  return {
    sql: `i.issue_date >= $1::date AND ${PERIOD_DATE} >= $1::date AND ${PERIOD_DATE} < $2::date`,
    params: [from, to],
  }
}

let cursorCounter = 0

async function* cursorRows<T>(tx: DbTx, query: string, params: unknown[], batchSize: number) {
  const name = `acc_cur_${++cursorCounter}`
  await tx.$executeRawUnsafe(`DECLARE ${name} NO SCROLL CURSOR FOR ${query}`, ...params)
  try {
    for (;;) {
      const rows = await tx.$queryRawUnsafe<T[]>(`FETCH ${batchSize} FROM ${name}`)
      for (const r of rows) yield r
      if (rows.length < batchSize) return
    }
  } finally {
    await tx.$executeRawUnsafe(`CLOSE ${name}`)
  }
}

/** The month's invoices and corrections in register order (issue date, then number). */
export async function* readMonthRecords(
  tx: DbTx,
  month: TMonth,
  opts: { batchSize?: number } = {},
): AsyncGenerator<TExportRecord> {
  const w = monthWhere(month)
  const q = `SELECT ${EXPORT_ROW_JSON} AS j FROM invoices i WHERE ${w.sql} ORDER BY i.issue_date, i.number`
  for await (const row of cursorRows<{ j: string }>(tx, q, w.params, opts.batchSize ?? 2000)) {
    yield recordFromRow(JSON.parse(row.j) as TInvoiceExportRow)
  }
}

/** One contractor per NIP among the month's PLN documents (its latest name and address). */
export async function* readMonthContractors(
  tx: DbTx,
  month: TMonth,
  opts: { batchSize?: number } = {},
): AsyncGenerator<TOptimaContractor> {
  const w = monthWhere(month)
  const q = `SELECT DISTINCT ON (i.buyer_nip) i.buyer_nip AS nip, i.buyer_name AS name,
      i.document->'buyer'->'address' AS address
    FROM invoices i WHERE ${w.sql} AND i.currency = 'PLN' AND i.buyer_nip IS NOT NULL
    ORDER BY i.buyer_nip, i.issue_date DESC, i.number DESC`
  type R = { nip: string; name: string; address: TOptimaContractor['address'] }
  for await (const r of cursorRows<R>(tx, q, w.params, opts.batchSize ?? 2000)) yield r
}

/** What an export of the month would be made from: md5 over (id, KSeF number) in register order. */
export async function monthFingerprint(
  tx: DbTx,
  month: TMonth,
): Promise<{ fingerprint: string; count: number }> {
  const w = monthWhere(month)
  const rows = await tx.$queryRawUnsafe<{ fp: string | null; n: bigint }[]>(
    `SELECT md5(string_agg(i.id::text || ':' || coalesce(i.ksef_number, ''), E'\\n' ORDER BY i.issue_date, i.number)) fp,
       count(*) n FROM invoices i WHERE ${w.sql}`,
    ...w.params,
  )
  return { fingerprint: rows[0]?.fp ?? EMPTY_FINGERPRINT, count: Number(rows[0]?.n ?? 0) }
}

/** md5 of nothing: the fingerprint of an empty month. */
export const EMPTY_FINGERPRINT = 'empty'

// Test helpers: xmllint against the local schema copies, a strict CSV parser, and documents turned into the rows
// the export reads from the database.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { TInvoiceDocument } from '@/lib/invoices/document'
import type { TInvoiceExportRow } from '../records'

export const JPK_SCHEMA = path.join(import.meta.dirname, '../jpk/schema/Schemat_JPK_V7M(3)_v1-0E-local.xsd')
export const OPTIMA_SCHEMA = path.join(
  import.meta.dirname,
  '../optima/schema/optima-offline-rejestry-vat.xsd',
)

let dir: string | null = null
let counter = 0
export function cleanUpTestFiles() {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = null
}

/** xmllint --nonet --schema: nothing is fetched, so the local copies must be complete. */
export function validateXml(xml: string | Buffer, schema: string): { ok: boolean; message: string } {
  dir ??= mkdtempSync(path.join(tmpdir(), 'accounting-test-'))
  const file = path.join(dir, `${++counter}.xml`)
  writeFileSync(file, xml)
  const r = spawnSync('xmllint', ['--nonet', '--noout', '--huge', '--schema', schema, file], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  if (r.error) throw r.error
  return { ok: r.status === 0, message: `${r.stderr}${r.stdout}`.slice(0, 4000) }
}

/** RFC 4180 with a given separator; throws on a malformed quote. Returns rows of cells (the BOM must be gone). */
export function parseCsv(text: string, sep: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let i = 0
  let quoted = false
  while (i < text.length) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"'
        i += 2
      } else if (ch === '"') {
        quoted = false
        i += 1
      } else {
        cell += ch
        i += 1
      }
      continue
    }
    if (ch === '"' && cell === '') {
      quoted = true
      i += 1
    } else if (ch === sep) {
      row.push(cell)
      cell = ''
      i += 1
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i += 2
    } else if (ch === '"' || ch === '\n' || ch === '\r') {
      throw new Error(`malformed CSV at ${i}`)
    } else {
      cell += ch
      i += 1
    }
  }
  if (quoted) throw new Error('unterminated quote')
  if (cell !== '' || row.length) throw new Error('last line has no CRLF')
  return rows
}

/** "-12,34" / "-12.34" -> -1234 grosze (exactly two decimals, as the export writes them). */
export function parseMinor(s: string, decimal: ',' | '.'): number {
  const m = new RegExp(`^(-?)(\\d+)\\${decimal}(\\d{2})$`).exec(s)
  if (!m) throw new Error(`not an amount: ${JSON.stringify(s)}`)
  const v = Number(m[2]) * 100 + Number(m[3])
  return m[1] ? -v : v
}

/** What EXPORT_ROW_JSON selects for a stored invoice with this document. */
export function rowFromDocument(
  doc: TInvoiceDocument,
  extra: { id: string; ksefNumber?: string | null; ksefStatus?: string },
): TInvoiceExportRow {
  const c = doc.kind === 'corrective' ? doc.corrected : null
  const p = doc.payment as { method: string; status: string; paidAt?: string; refundedAt?: string }
  return {
    id: extra.id,
    kind: doc.kind === 'invoice' ? 'INVOICE' : 'CORRECTIVE',
    number: doc.number,
    issue_date: doc.issueDate,
    sale_date: doc.saleDate,
    currency: doc.currency,
    buyer_name: doc.buyer.name,
    buyer_nip: doc.buyer.nip ?? null,
    ksef_number: extra.ksefNumber ?? null,
    ksef_status: extra.ksefStatus ?? (extra.ksefNumber ? 'ACCEPTED' : 'NOT_SUBMITTED'),
    total_net_minor: doc.totals.netMinor,
    total_vat_minor: doc.totals.vatMinor,
    total_gross_minor: doc.totals.grossMinor,
    rate_totals: doc.rateTotals,
    payment: p,
    buyer_address: doc.buyer.address
      ? {
          line1: doc.buyer.address.line1,
          postalCode: doc.buyer.address.postalCode,
          city: doc.buyer.address.city,
          country: doc.buyer.address.country,
        }
      : null,
    corrected: c
      ? {
          number: c.number,
          issueDate: c.issueDate,
          ksefNumber: c.ksefNumber,
          effect: c.effect,
          reason: c.reason,
        }
      : null,
  }
}

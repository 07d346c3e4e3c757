// Test helpers around the command-line tools the invoice tests check documents with: xmllint (FA(3) XSD) and
// pdftotext (the PDF's text layer).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

export const FA3_SCHEMA = path.join(import.meta.dirname, '../ksef/schema/schemat_FA(3)_v1-0E.xsd')

let dir: string | null = null
let counter = 0
function tmpFile(name: string) {
  dir ??= mkdtempSync(path.join(tmpdir(), 'invoice-test-'))
  return path.join(dir, `${++counter}-${name}`)
}

/** Removes the temporary files (call from afterAll). */
export function cleanUpTestFiles() {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = null
}

/** Validates against the local schema copy; --nonet proves nothing is fetched from crd.gov.pl. */
export function validateFa3(xml: string): { ok: boolean; message: string } {
  const file = tmpFile('invoice.xml')
  writeFileSync(file, xml)
  const r = spawnSync('xmllint', ['--nonet', '--noout', '--schema', FA3_SCHEMA, file], { encoding: 'utf8' })
  if (r.error) throw r.error
  return { ok: r.status === 0, message: `${r.stderr}${r.stdout}` }
}

/** The PDF's text (layout kept), with Intl's no-break spaces turned into plain spaces. */
export function pdfToText(bytes: Uint8Array): string {
  const file = tmpFile('doc.pdf')
  writeFileSync(file, bytes)
  const r = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
  if (r.error) throw r.error
  if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr}`)
  return r.stdout.replace(/[\u00a0\u202f]/g, ' ')
}

import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { prisma } from '@/lib/db'
import { issueCorrectiveInvoice } from '@/lib/invoices/issue-corrective-invoice'
import { issueInvoice } from '@/lib/invoices/issue-invoice'
import { confirmRefund, createPaidOrder, seedSellerSettings } from '@/lib/invoices/testing/orders'
import { buildTaskList } from '@/lib/jobs/runner'
import { countJobs, resetDb } from '@/test/db'
import { buildAccountingExport } from './build-export'
import { readMonthRecords } from './read-month'
import { requestAccountingExport } from './request-export'
import { saveAccountingSettings } from './settings'
import { readFileBytes } from './storage'
import { sweepAccountingExports } from './sweep-exports'
import {
  cleanUpTestFiles,
  JPK_SCHEMA,
  OPTIMA_SCHEMA,
  parseCsv,
  parseMinor,
  validateXml,
} from './testing/tools'

afterAll(cleanUpTestFiles)

const at = (iso: string) => new Date(`${iso}T10:00:00+01:00`)

async function files(exportId: string) {
  const rows = await prisma.accountingExportFile.findMany({ where: { exportId }, orderBy: { kind: 'asc' } })
  const out: Record<string, { text: string; sha256: string; rowCount: number; sizeBytes: number }> = {}
  for (const f of rows) {
    const bytes = await readFileBytes(prisma, f.id)
    out[f.kind] = {
      text: bytes.toString('utf8'),
      sha256: f.sha256,
      rowCount: f.rowCount,
      sizeBytes: f.sizeBytes,
    }
  }
  return out
}

async function exportMonth(month: string, now: Date) {
  const r = await requestAccountingExport(prisma, {
    month,
    trigger: 'manual',
    requestedBy: 'staff@test',
    now,
  })
  await buildAccountingExport(prisma, r.exportId, { now, batchSize: 2 })
  return prisma.accountingExport.findUniqueOrThrow({ where: { id: r.exportId } })
}

describe('accounting exports from the database', () => {
  beforeEach(async () => {
    await resetDb()
    await seedSellerSettings(prisma)
    await saveAccountingSettings(prisma, { taxOfficeCode: '1471' })
  })

  it('a month of real invoices and corrections: four files, valid, with the invoices’ figures; corrections in their month', async () => {
    const company = await createPaidOrder(prisma, { companyName: 'Zażółć Sp. z o.o.', nip: '951-234-56-75' })
    const person = await createPaidOrder(prisma)
    const inv1 = await issueInvoice(prisma, company.id, { now: at('2026-03-05') })
    const inv2 = await issueInvoice(prisma, person.id, { now: at('2026-03-06') })
    const r1 = await confirmRefund(prisma, person.id, 2399, { enqueue: false })
    const kor1 = await issueCorrectiveInvoice(prisma, r1.id, { now: at('2026-03-20') })
    // a refund in April of a March invoice is recorded in April (art. 29a ust. 13), not in March
    const r2 = await confirmRefund(prisma, company.id, 1000, { enqueue: false })
    await issueCorrectiveInvoice(prisma, r2.id, { now: at('2026-04-02') })

    const before = await countJobs('build-accounting-export')
    const req = await requestAccountingExport(prisma, {
      month: '2026-03',
      trigger: 'manual',
      now: at('2026-04-03'),
    })
    expect(await countJobs('build-accounting-export')).toBe(before + 1)
    // asking again while it runs returns the same version
    expect(
      await requestAccountingExport(prisma, { month: '2026-03', trigger: 'manual', now: at('2026-04-03') }),
    ).toEqual({ ...req, isNew: false })

    const task = buildTaskList(prisma)['build-accounting-export']!
    await task({ exportId: req.exportId }, {
      job: { id: '1', attempts: 1, max_attempts: 5, key: null },
    } as never)
    const exp = await prisma.accountingExport.findUniqueOrThrow({ where: { id: req.exportId } })
    expect(exp).toMatchObject({
      month: '2026-03',
      version: 1,
      status: 'READY',
      invoiceCount: 2,
      correctionCount: 1,
      excludedCount: 0,
    })

    const f = await files(exp.id)
    expect(Object.keys(f).sort()).toEqual(['csv_comma', 'csv_dot', 'jpk_v7m', 'optima_xml'])
    expect(validateXml(f.jpk_v7m!.text, JPK_SCHEMA).message).toMatch(/validates/)
    expect(validateXml(f.optima_xml!.text, OPTIMA_SCHEMA).message).toMatch(/validates/)
    const invoices = await prisma.invoice.findMany({
      where: { id: { in: [inv1.invoiceId, inv2.invoiceId, kor1.invoiceId] } },
    })
    const vat = invoices.reduce((a, i) => a + i.totalVatMinor, 0)
    expect(f.jpk_v7m!.text).toContain(`<PodatekNalezny>${(vat / 100).toFixed(2)}</PodatekNalezny>`)
    expect(f.jpk_v7m!.text).toContain('<LiczbaWierszySprzedazy>3</LiczbaWierszySprzedazy>')
    expect(f.jpk_v7m!.text).toContain('<KodUrzedu>1471</KodUrzedu><Rok>2026</Rok><Miesiac>3</Miesiac>')
    expect(f.jpk_v7m!.text).toContain('<CelZlozenia poz="P_7">1</CelZlozenia>')
    expect(f.jpk_v7m!.text).not.toContain('KOR/2026/000002')
    const [, ...rows] = parseCsv(f.csv_comma!.text.slice(1), ';')
    expect(rows.map((r) => r[1])).toEqual(['FV/2026/000001', 'FV/2026/000002', 'KOR/2026/000001'])
    expect(rows.map((r) => parseMinor(r.at(-4)!, ','))).toEqual(
      [inv1, inv2, kor1].map((x) => invoices.find((i) => i.id === x.invoiceId)!.totalGrossMinor),
    )
    expect(rows[2]![9]).toBe('FV/2026/000002')
    expect(f.csv_comma!.rowCount).toBe(3)

    const april = await exportMonth('2026-04', at('2026-05-01'))
    const af = await files(april.id)
    expect(af.jpk_v7m!.text).toContain('KOR/2026/000002')
    expect(af.jpk_v7m!.text).toContain('<LiczbaWierszySprzedazy>1</LiczbaWierszySprzedazy>')
  })

  it('versions are immutable; a KSeF number arriving after the export makes a new version, marked, the old one kept byte for byte', async () => {
    const company = await createPaidOrder(prisma, { companyName: 'Zażółć Sp. z o.o.', nip: '951-234-56-75' })
    const inv = await issueInvoice(prisma, company.id, { now: at('2026-03-05') })
    const sweep1 = await sweepAccountingExports(prisma, { now: at('2026-04-01') })
    expect(sweep1.started).toEqual([{ month: '2026-03', version: 1, trigger: 'scheduled' }])
    const v1 = await prisma.accountingExport.findFirstOrThrow({ where: { month: '2026-03', version: 1 } })
    await buildAccountingExport(prisma, v1.id, { now: at('2026-04-01') })
    const f1 = await files(v1.id)
    expect(f1.jpk_v7m!.text).toContain('<OFF>1</OFF>')
    expect((await prisma.accountingExport.findUniqueOrThrow({ where: { id: v1.id } })).warnings).toEqual([
      { code: 'ksef_number_missing', count: 1 },
    ])

    // nothing changed: the sweep starts nothing
    expect((await sweepAccountingExports(prisma, { now: at('2026-04-02') })).started).toEqual([])

    // the database refuses to change a handed-over file or version
    const file = await prisma.accountingExportFile.findFirstOrThrow({
      where: { exportId: v1.id, kind: 'jpk_v7m' },
    })
    await expect(
      prisma.accountingExportFile.update({ where: { id: file.id }, data: { sizeBytes: 1 } }),
    ).rejects.toThrow(/cannot be changed/)
    await expect(
      prisma.$executeRaw`UPDATE accounting_export_chunks SET data = '\\x00' WHERE file_id = ${file.id}::uuid`,
    ).rejects.toThrow(/cannot be changed/)
    await expect(
      prisma.$executeRaw`DELETE FROM accounting_export_chunks WHERE file_id = ${file.id}::uuid`,
    ).rejects.toThrow(/cannot be changed/)
    await expect(
      prisma.accountingExport.update({ where: { id: v1.id }, data: { status: 'RUNNING' } }),
    ).rejects.toThrow(/is final/)
    await expect(
      prisma.accountingExport.create({ data: { month: '2026-03', version: 1, trigger: 'manual' } }),
    ).rejects.toThrow()

    const ksef = '7771234567-20260305-0A1B2C-3D4E5F-6A'
    await prisma.invoice.update({
      where: { id: inv.invoiceId },
      data: { ksefNumber: ksef, ksefStatus: 'ACCEPTED' },
    })
    const sweep2 = await sweepAccountingExports(prisma, { now: at('2026-04-03') })
    expect(sweep2.started).toEqual([{ month: '2026-03', version: 2, trigger: 'changed' }])
    const v2 = await prisma.accountingExport.findFirstOrThrow({ where: { month: '2026-03', version: 2 } })
    await buildAccountingExport(prisma, v2.id, { now: at('2026-04-03') })
    const v2Row = await prisma.accountingExport.findUniqueOrThrow({ where: { id: v2.id } })
    expect(v2Row.changeNote).toBe(
      'v1: 1 documents, 0 with a KSeF number; now 1 documents, 1 with a KSeF number',
    )
    const f2 = await files(v2.id)
    expect(f2.jpk_v7m!.text).toContain(`<NrKSeF>${ksef}</NrKSeF>`)
    expect(f2.jpk_v7m!.text).toContain('<CelZlozenia poz="P_7">2</CelZlozenia>')
    expect(validateXml(f2.jpk_v7m!.text, JPK_SCHEMA).ok).toBe(true)
    // version 1 is exactly what was handed over
    const again = await files(v1.id)
    expect(again.jpk_v7m!.text).toBe(f1.jpk_v7m!.text)
    const { createHash } = await import('node:crypto')
    expect(createHash('sha256').update(again.jpk_v7m!.text).digest('hex')).toBe(f1.jpk_v7m!.sha256)
    // a repeated build job of a READY version changes nothing
    expect(await buildAccountingExport(prisma, v1.id)).toEqual({ status: 'READY', version: 1, isNew: false })
  })

  it('an empty month gives valid empty files; without a tax office the JPK is left out with a warning', async () => {
    const empty = await exportMonth('2026-02', at('2026-03-01'))
    const f = await files(empty.id)
    expect(validateXml(f.jpk_v7m!.text, JPK_SCHEMA).ok).toBe(true)
    expect(f.jpk_v7m!.rowCount).toBe(0)
    await saveAccountingSettings(prisma, { taxOfficeCode: '' })
    const noJpk = await exportMonth('2026-02', at('2026-03-01'))
    expect(noJpk.version).toBe(2)
    expect(noJpk.warnings).toEqual([{ code: 'jpk_not_generated', missing: ['taxOfficeCode'] }])
    expect(Object.keys(await files(noJpk.id)).sort()).toEqual(['csv_comma', 'csv_dot', 'optima_xml'])
  })

  it('refuses a month that has not started, and reads the month in batches through a cursor', async () => {
    await expect(
      requestAccountingExport(prisma, { month: '2026-05', trigger: 'manual', now: at('2026-04-10') }),
    ).rejects.toThrow(/has not started/)
    const orders = await Promise.all([1, 2, 3, 4, 5].map(() => createPaidOrder(prisma)))
    for (const o of orders) await issueInvoice(prisma, o.id, { now: at('2026-03-07') })
    const numbers = await prisma.$transaction(async (tx) => {
      const out: string[] = []
      for await (const r of readMonthRecords(tx, '2026-03', { batchSize: 2 })) out.push(r.number)
      return out
    })
    expect(numbers).toEqual([
      'FV/2026/000001',
      'FV/2026/000002',
      'FV/2026/000003',
      'FV/2026/000004',
      'FV/2026/000005',
    ])
  })
})

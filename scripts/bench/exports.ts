// Accounting export benchmark: npm run bench:exports [-- --invoices 100000]
// On a scratch database (on DATABASE_URL's server, else 127.0.0.1:5432; dropped afterwards) it seeds one month of N
// invoices with SQL generate_series (10 % corrections, 2 % in EUR, 30 % consumers, half with KSeF numbers), then in
// a fresh child process each: the floor (the same cursor read of the month, records parsed, nothing written) and the
// target (the real build: all four files written to PostgreSQL in one transaction). Reports wall time, rows/s, peak
// RSS (getrusage maxrss) above the process's RSS before the run, and the file sizes.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { fmt, scratchDatabase } from './lib.ts'

const root = path.resolve(import.meta.dirname, '../..')
const { values: args } = parseArgs({
  options: { invoices: { type: 'string', default: '100000' }, child: { type: 'string' } },
})
process.env.AUTH_SECRET ??= 'bench-secret-bench-secret-bench-secret-0'
process.env.STRIPE_SECRET_KEY ??= 'sk_test_bench'
process.env.STRIPE_WEBHOOK_SECRET ??= 'whsec_bench'
process.env.RESEND_API_KEY ??= 're_bench'
process.env.RESEND_WEBHOOK_SECRET ??= 'whsec_YmVuY2g='
process.env.LOG_LEVEL ??= 'silent'
await import(pathToFileURL(path.join(root, 'scripts/lib/node-server-only.mjs')).href)

const MONTH = '2026-03'

if (args.child) await child(args.child)
else await main()

async function child(mode: string) {
  const { prisma } = await import('@/lib/db')
  const { readMonthRecords } = await import('@/lib/accounting/read-month')
  const { buildAccountingExport } = await import('@/lib/accounting/build-export')
  const { requestAccountingExport } = await import('@/lib/accounting/request-export')
  await prisma.$queryRaw`SELECT 1`
  const rss0 = process.memoryUsage().rss
  const started = performance.now()
  let rows = 0
  if (mode === 'floor') {
    await prisma.$transaction(
      async (tx) => {
        for await (const _r of readMonthRecords(tx, MONTH)) rows++
      },
      { timeout: 600_000, isolationLevel: 'RepeatableRead' },
    )
  } else {
    const r = await requestAccountingExport(prisma, {
      month: MONTH,
      trigger: 'manual',
      now: new Date('2026-04-02T10:00:00Z'),
    })
    await buildAccountingExport(prisma, r.exportId, { now: new Date('2026-04-02T10:00:00Z') })
    const exp = await prisma.accountingExport.findUniqueOrThrow({
      where: { id: r.exportId },
      include: { files: true },
    })
    rows = exp.invoiceCount + exp.correctionCount
    process.stderr.write(`${JSON.stringify(exp.files.map((f) => [f.kind, f.sizeBytes, f.rowCount]))}\n`)
  }
  const ms = performance.now() - started
  const peak = process.resourceUsage().maxRSS * 1024
  await prisma.$disconnect()
  process.stdout.write(JSON.stringify({ mode, rows, ms, rss0, peak }))
}

function runChild(
  mode: string,
  url: string,
): Promise<{ mode: string; rows: number; ms: number; rss0: number; peak: number; files?: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      [
        ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : []),
        '--import',
        'tsx',
        'scripts/bench/exports.ts',
        '--child',
        mode,
      ],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: url, DATABASE_POOL_SIZE: '4' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let out = ''
    let err = ''
    p.stdout.on('data', (d) => (out += d))
    p.stderr.on('data', (d) => (err += d))
    const timer = setTimeout(() => p.kill('SIGKILL'), 300_000)
    p.on('exit', (code) => {
      clearTimeout(timer)
      if (code !== 0) return reject(new Error(`${mode} failed (${code}): ${err.slice(-2000)}`))
      resolve({ ...JSON.parse(out), files: err.trim() })
    })
  })
}

async function seed(url: string, n: number) {
  const pg = (await import('pg')).default
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  await c.query(`INSERT INTO shop_settings (id, seller_name, seller_nip, seller_address, seller_email, updated_at)
    VALUES (1, 'Hookline Bench Sp. z o.o.', '7771234567', '{"line1":"ul. Długa 5","postalCode":"00-238","city":"Warszawa","country":"PL"}', 'faktury@hookline.example', now())`)
  await c.query(`INSERT INTO accounting_settings (id, tax_office_code, updated_at) VALUES (1, '1471', now())`)
  const order =
    await c.query(`INSERT INTO orders (number, access_token_hash, email, customer_name, billing_address, shipping_address,
      total_gross_minor, consent_at, updated_at)
    VALUES ('HL-BENCH-1', 'x', 'bench@example.com', 'Bench', '{}', '{}', 100, now(), now()) RETURNING id`)
  const orderId = order.rows[0].id
  const t = performance.now()
  // gross per rate: 23 % and 8 % on every document, VAT = round(gross * r / (100 + r)); corrections negate a part
  await c.query(
    `INSERT INTO invoices (unique_key, kind, order_id, series, year, sequence, number, issue_date, sale_date, currency,
       total_gross_minor, total_net_minor, total_vat_minor, buyer_name, buyer_nip, document, ksef_status, ksef_number)
     SELECT 'bench/' || g, CASE WHEN g % 10 = 0 THEN 'CORRECTIVE'::"InvoiceKind" ELSE 'INVOICE'::"InvoiceKind" END, $1::uuid,
       CASE WHEN g % 10 = 0 THEN 'KOR' ELSE 'FV' END, 2026, g,
       (CASE WHEN g % 10 = 0 THEN 'KOR/2026/' ELSE 'FV/2026/' END) || lpad(g::text, 6, '0'),
       d, d, cur, s * (g23 + g8), s * (g23 - v23 + g8 - v8), s * (v23 + v8),
       CASE WHEN g % 3 = 0 THEN 'Łucja Śliwińska ' || g ELSE 'Zażółć Sp. z o.o. ' || (g % 5000) END,
       nip,
       jsonb_build_object(
         'rateTotals', jsonb_build_array(
           jsonb_build_object('rate', '23', 'netMinor', s * (g23 - v23), 'vatMinor', s * v23, 'grossMinor', s * g23),
           jsonb_build_object('rate', '8', 'netMinor', s * (g8 - v8), 'vatMinor', s * v8, 'grossMinor', s * g8)),
         'payment', CASE WHEN g % 10 = 0 THEN jsonb_build_object('status', 'refunded', 'method', 'card', 'refundedAt', d::text)
           ELSE jsonb_build_object('status', 'paid', 'method', 'card', 'paidAt', d::text) END,
         'buyer', jsonb_build_object('address', jsonb_build_object('line1', 'ul. Ogrodowa ' || g, 'postalCode', '80-001', 'city', 'Gdańsk', 'country', 'PL')),
         'corrected', CASE WHEN g % 10 = 0 THEN jsonb_build_object('number', 'FV/2026/' || lpad((g - 1)::text, 6, '0'),
           'issueDate', d::text, 'effect', 'correction', 'reason', 'Zwrot') END),
       CASE WHEN g % 2 = 0 AND nip IS NOT NULL THEN 'ACCEPTED'::"KsefStatus" ELSE 'NOT_SUBMITTED'::"KsefStatus" END,
       CASE WHEN g % 2 = 0 AND nip IS NOT NULL THEN '7771234567-' || to_char(d, 'YYYYMMDD') || '-' || upper(lpad(to_hex(g), 6, '0')) || '-' || upper(lpad(to_hex(g * 7 % 16777215), 6, '0')) || '-AB' END
     FROM (
       SELECT g, DATE '2026-03-01' + (g % 31) AS d, CASE WHEN g % 50 = 0 THEN 'EUR' ELSE 'PLN' END AS cur,
         CASE WHEN g % 10 = 0 THEN -1 ELSE 1 END AS s,
         CASE WHEN g % 3 = 0 THEN NULL ELSE lpad((1000000000 + (g % 5000) * 13)::text, 10, '0') END AS nip,
         1000 + (g * 37) % 90000 AS g23, round((1000 + (g * 37) % 90000) * 23 / 123.0)::int AS v23,
         500 + (g * 11) % 20000 AS g8, round((500 + (g * 11) % 20000) * 8 / 108.0)::int AS v8
       FROM generate_series(1, $2::int) g) x`,
    [orderId, n],
  )
  await c.query('ANALYZE invoices')
  await c.end()
  return performance.now() - t
}

async function main() {
  const n = Number(args.invoices)
  const db = await scratchDatabase('hookline_bench_exports')
  try {
    const seedMs = await seed(db.url, n)
    console.info(`seeded ${n} documents of ${MONTH} in ${fmt(seedMs / 1000)} s (generate_series)`)
    const floor = await runChild('floor', db.url)
    const build = await runChild('build', db.url)
    const mb = (b: number) => `${fmt(b / 1024 / 1024, 0)} MB`
    for (const r of [floor, build]) {
      console.info(
        `${r.mode.padEnd(5)}: ${r.rows} documents in ${fmt(r.ms / 1000, 2)} s (${fmt(r.rows / (r.ms / 1000), 0)}/s), ` +
          `RSS before ${mb(r.rss0)}, peak ${mb(r.peak)} (+${mb(r.peak - r.rss0)})`,
      )
    }
    console.info(`files (kind, bytes, rows): ${build.files}`)
    console.info(
      `build / floor time: ${fmt(build.ms / floor.ms, 2)}x (floor = the same cursor read, nothing written); machine under load`,
    )
  } finally {
    await db.drop()
  }
}

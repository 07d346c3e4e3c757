// Invoicing benchmark: npm run bench:invoices [-- --orders 100 --concurrency 4 --workers 1,2]
// On a scratch database (on DATABASE_URL's server, else 127.0.0.1:5432; dropped afterwards) it pays N orders, enqueues
// their issue-invoice jobs the way the payments code does, and measures invoices per second end to end (job enqueued
// -> invoice issued -> PDF rendered and stored) with one and with two worker processes, plus PDF render p50/p95.
// Workers are separate processes (graphile-worker run() with the app's task list), as in production: PDF rendering is
// CPU-bound, so two runners in one process would share one core. Each worker renders a few PDFs before the clock
// starts (a long-running worker is warm). Emails are recorded but not sent.
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { availableParallelism } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

const root = path.resolve(import.meta.dirname, '../..')
const { values: args } = parseArgs({
  options: {
    worker: { type: 'boolean', default: false },
    orders: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '4' },
    workers: { type: 'string', default: '1,2' },
  },
})

// lib/env validates provider settings the benchmark never uses; harmless placeholders keep it quiet
process.env.AUTH_SECRET ??= 'bench-secret-bench-secret-bench-secret-0'
process.env.STRIPE_SECRET_KEY ??= 'sk_test_bench'
process.env.STRIPE_WEBHOOK_SECRET ??= 'whsec_bench'
process.env.RESEND_API_KEY ??= 're_bench'
process.env.RESEND_WEBHOOK_SECRET ??= 'whsec_YmVuY2g='
process.env.LOG_LEVEL ??= 'silent'
// lib/ marks itself server-only; this process is a server
await import(pathToFileURL(path.join(root, 'scripts/lib/node-server-only.mjs')).href)

if (args.worker) await runWorker()
else await main()

async function runWorker() {
  const { Logger, run } = await import('graphile-worker')
  const { prisma } = await import('@/lib/db')
  const { taskHandlers } = await import('@/lib/jobs/handlers')
  const { buildTaskList } = await import('@/lib/jobs/runner')
  // a long-running worker is warm: pay the first renders' one-off cost (fonts, JIT) before the clock starts
  const { renderInvoicePdf } = await import('@/lib/invoices/pdf/render')
  const { sampleInvoice } = await import('@/lib/invoices/testing/fixtures')
  for (let i = 0; i < 10; i++) await renderInvoicePdf(sampleInvoice())
  const runner = await run({
    connectionString: process.env.DATABASE_URL!,
    concurrency: Number(args.concurrency),
    noHandleSignals: true,
    pollInterval: 200,
    logger: new Logger(() => () => {}),
    taskList: buildTaskList(prisma, { ...taskHandlers, 'send-email': async () => {} }),
  })
  const cpuAtStart = process.cpuUsage()
  process.send?.('ready')
  process.on('SIGTERM', async () => {
    await runner.stop()
    const cpu = process.cpuUsage(cpuAtStart)
    await prisma.$disconnect()
    // the CPU this process spent on the round (all its threads: V8's GC and compiler run beside the main one)
    process.send?.({ cpuMs: (cpu.user + cpu.system) / 1000 }, () => process.exit(0))
  })
}

async function main() {
  const { ensureDatabase, withDatabase } = await import('../lib/embedded-pg.ts')
  const { prepareDatabase } = await import('../lib/prepare-db.ts')
  const pg = (await import('pg')).default
  const n = Number(args.orders)
  const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const dbName = `hookline_bench_invoices_${randomBytes(4).toString('hex')}`
  const url = withDatabase(server, dbName)
  const t0 = performance.now()
  await ensureDatabase(server, dbName, { fresh: true })
  const children: ChildProcess[] = []
  try {
    await prepareDatabase(url, { quiet: true })
    process.env.DATABASE_URL = url
    const { prisma } = await import('@/lib/db')
    const { enqueueJob } = await import('@/lib/jobs/enqueue')
    const { createOrder, markPaid, seedSellerSettings } = await import('@/lib/invoices/testing/orders')
    await seedSellerSettings(prisma)
    console.info(`scratch database ${dbName} ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`)

    async function runRound(workers: number, count: number) {
      const ids: string[] = []
      for (let i = 0; i < count; i++) {
        const o = await createOrder(prisma)
        await markPaid(prisma, o.id, { enqueue: false })
        ids.push(o.id)
      }
      const started = await Promise.all(Array.from({ length: workers }, () => startWorker(url, children)))
      const enqueuedAt = performance.now()
      const enqueuedWall = Date.now()
      // one transaction, as if the payments webhook had marked all of them paid at once
      await prisma.$transaction(async (tx) => {
        for (const orderId of ids)
          await enqueueJob(tx, 'issue-invoice', { orderId }, { jobKey: `order/${orderId}/invoice` })
      })
      const mine = { invoice: { orderId: { in: ids } } }
      while ((await prisma.invoicePdf.count({ where: mine })) < count) {
        if (performance.now() - enqueuedAt > 120_000) throw new Error('timed out waiting for the PDFs')
        await new Promise((r) => setTimeout(r, 50))
      }
      const seconds = (performance.now() - enqueuedAt) / 1000
      const pdfs = await prisma.invoicePdf.findMany({
        where: mine,
        select: { createdAt: true, renderMs: true },
      })
      const issued = await prisma.invoice.aggregate({
        where: { orderId: { in: ids } },
        _max: { createdAt: true },
      })
      let cpuMs = 0
      for (const c of started) cpuMs += await stopWorker(c)
      return {
        workers,
        seconds,
        perSecond: count / seconds,
        allIssuedAfterMs: (issued._max.createdAt?.getTime() ?? enqueuedWall) - enqueuedWall,
        latency: pdfs.map((p) => p.createdAt.getTime() - enqueuedWall).sort((a, b) => a - b),
        renderMs: pdfs.map((p) => p.renderMs),
        cpuMsPerInvoice: cpuMs / count,
      }
    }

    // not reported: warms up PostgreSQL (plans, buffers) and the OS caches of the worker's modules
    await runRound(1, Math.max(10, Math.round(n / 5)))
    const rounds: Awaited<ReturnType<typeof runRound>>[] = []
    for (const workers of args.workers!.split(',').map(Number)) rounds.push(await runRound(workers, n))

    const renders = rounds.flatMap((r) => r.renderMs).sort((a, b) => a - b)
    const sizes = await prisma.invoicePdf.aggregate({ _avg: { sizeBytes: true } })
    // the same documents rendered one at a time in this (warmed-up) process: the renderer's own cost, without the
    // waiting that concurrent jobs in one worker add to the figures above
    const { renderInvoicePdf } = await import('@/lib/invoices/pdf/render')
    const { ZInvoiceDocument } = await import('@/lib/invoices/document')
    const docs = await prisma.invoice.findMany({ take: 40, select: { document: true } })
    const alone: number[] = []
    for (const [i, d] of docs.entries()) {
      const t = performance.now()
      await renderInvoicePdf(ZInvoiceDocument.parse(d.document))
      if (i > 0) alone.push(Math.round(performance.now() - t))
    }
    alone.sort((a, b) => a - b)
    const errors = await prisma.jobFailure.count()
    await prisma.$disconnect()

    console.info(
      `\n${n} paid orders per round, ${args.concurrency} jobs at a time per worker process, ${availableParallelism()} CPUs`,
    )
    for (const r of rounds) {
      console.info(
        `${r.workers} worker${r.workers > 1 ? 's' : ' '}: ${r.perSecond.toFixed(1)} invoices/s end to end ` +
          `(${n} in ${r.seconds.toFixed(1)} s; job enqueued -> PDF stored p50 ${pct(r.latency, 50)} ms, ` +
          `p95 ${pct(r.latency, 95)} ms; all ${n} issued after ${r.allIssuedAfterMs} ms; ` +
          `worker CPU ${r.cpuMsPerInvoice.toFixed(0)} ms per invoice)`,
      )
    }
    console.info(
      `PDF render in the workers (${renders.length} PDFs, ~${Math.round((sizes._avg.sizeBytes ?? 0) / 1024)} KB): ` +
        `p50 ${pct(renders, 50)} ms, p95 ${pct(renders, 95)} ms, max ${renders.at(-1)} ms`,
    )
    console.info(
      `PDF render alone (${alone.length} sequential renders, warm): p50 ${pct(alone, 50)} ms, p95 ${pct(alone, 95)} ms`,
    )
    if (errors) console.error(`${errors} job(s) failed; see job_failures`)
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM')
    const client = new pg.Client({ connectionString: withDatabase(server, 'postgres') })
    await client.connect()
    await client.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)
    await client.end()
    console.info(`\ndropped ${dbName}; total ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  }
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0
}

function startWorker(url: string, children: ChildProcess[]): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(root, 'scripts/bench/invoices.ts'),
      '--worker',
      '--concurrency',
      args.concurrency!,
    ],
    { cwd: root, env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  )
  children.push(child)
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child))
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)))
  })
}

function stopWorker(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(0)
    let cpuMs = 0
    child.on('message', (m: { cpuMs?: number }) => {
      if (typeof m === 'object' && m.cpuMs) cpuMs = m.cpuMs
    })
    child.once('exit', () => resolve(cpuMs))
    child.kill('SIGTERM')
  })
}

// Label benchmark: npm run bench:labels [-- --orders 100]
// On a scratch database (DATABASE_URL's server, else 127.0.0.1:5432; dropped afterwards) and an in-process InPost
// emulator on 127.0.0.1, it books N locker shipments through the real code (create job, follow to confirmed, store
// labels), then measures one PDF with all N labels: our merge of the stored labels (what staff download) beside
// the carrier's own bulk endpoint (ShipX allows at most 100 per request) as the floor, in the same run.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { fmt, percentile, scratchDatabase } from './lib.ts'

const root = path.resolve(import.meta.dirname, '../..')
const { values: args } = parseArgs({
  options: { orders: { type: 'string', default: '100' }, runs: { type: 'string', default: '5' } },
})
const N = Number(args.orders)
const RUNS = Number(args.runs)

process.env.AUTH_SECRET ??= 'bench-secret-bench-secret-bench-secret-0'
process.env.STRIPE_SECRET_KEY ??= 'sk_test_bench'
process.env.STRIPE_WEBHOOK_SECRET ??= 'whsec_bench'
process.env.RESEND_API_KEY ??= 're_bench'
process.env.RESEND_WEBHOOK_SECRET ??= 'whsec_YmVuY2g='
process.env.LOG_LEVEL ??= 'silent'
await import(pathToFileURL(path.join(root, 'scripts/lib/node-server-only.mjs')).href)

const { startSandbox } = await import('../../sandbox/server.ts')
const { createInpostEmulator } = await import('../../sandbox/inpost/index.ts')
const sandbox = await startSandbox({
  emulators: () => [createInpostEmulator({ quiet: true, organizationId: 1, stepDelayMs: 5 })],
})
const db = await scratchDatabase('bench_labels')
Object.assign(process.env, {
  DATABASE_URL: db.url,
  INPOST_API_URL: `${sandbox.url}/inpost`,
  INPOST_API_TOKEN: 'bench',
  INPOST_ORGANIZATION_ID: '1',
})
try {
  const { prisma } = await import('@/lib/db')
  const { placeOrder } = await import('@/lib/orders/place-order')
  const { ensureDefaultShippingMethods } = await import('@/lib/shipping/methods')
  const s = await import('@/lib/shipping/shipments')
  const { transitionOrder } = await import('@/lib/orders/transition')
  await ensureDefaultShippingMethods(prisma)
  const locker = await prisma.shippingMethod.findUniqueOrThrow({ where: { code: 'inpost-locker' } })
  const product = await prisma.product.create({
    data: {
      slug: 'bench',
      sku: 'BENCH',
      namePl: 'Produkt',
      nameEn: 'Product',
      descriptionPl: '-',
      descriptionEn: '-',
      priceGrossMinor: 4900,
      vatRate: 'R23',
      stock: 100_000,
    },
  })
  const points = ['KRA010', 'KRA012', 'WAW22A', 'GDA117', 'POZ08M', 'WRO12A']
  const setupStart = performance.now()
  const book = async (i: number) => {
    const placed = await placeOrder(
      prisma,
      {
        lines: [{ productId: product.id, quantity: 1 }],
        customer: {
          email: `bench${i}@example.com`,
          name: `Klient ${i}`,
          phone: '600100200',
          billingAddress: { line1: 'Długa 1', postalCode: '30-001', city: 'Kraków', country: 'PL' },
          shippingAddress: { line1: 'Długa 1', postalCode: '30-001', city: 'Kraków', country: 'PL' },
        },
        locale: 'pl',
        consent: true,
        delivery: { methodId: locker.id, pointName: points[i % points.length] },
      },
      { unpaidTtlMinutes: 60 },
    )
    await prisma.$transaction((tx) =>
      transitionOrder(tx, placed.orderId, 'PAID', { reason: 'bench', actor: 'bench' }),
    )
    const sh = await s.requestShipment(
      prisma,
      { orderId: placed.orderId, parcelTemplate: 'small', weightGrams: 500 },
      'bench',
    )
    await s.runCreateShipment(prisma, sh.id, { attempt: 1, maxAttempts: 1 })
    for (;;) {
      const r = await s.syncShipment(prisma, sh.id, 'create')
      if ('state' in r && r.state === 'CONFIRMED') break
      await new Promise((r) => setTimeout(r, 10))
    }
    await s.storeShipmentLabels(prisma, sh.id)
    return sh.id
  }
  // setup only: booked 8 at a time, in order of the ids list
  const ids: string[] = []
  for (let i = 0; i < N; i += 8)
    ids.push(...(await Promise.all(Array.from({ length: Math.min(8, N - i) }, (_, k) => book(i + k)))))
  const setupMs = performance.now() - setupStart
  const provider = (
    await prisma.shipment.findMany({ where: { id: { in: ids } }, select: { providerShipmentId: true } })
  ).map((x) => x.providerShipmentId!)

  const ours: number[] = []
  const floor: number[] = []
  let ourBytes = 0
  let floorBytes = 0
  let pages = 0
  for (let run = 0; run < RUNS; run++) {
    let t = performance.now()
    const merged = await s.mergeShipmentLabels(prisma, ids, 'A6')
    ours.push(performance.now() - t)
    ourBytes = merged.pdf.length
    pages = merged.count
    t = performance.now()
    const q = new URLSearchParams({ format: 'Pdf', type: 'A6' })
    for (const id of provider.slice(0, 100)) q.append('shipment_ids[]', id)
    const r = await fetch(`${sandbox.url}/inpost/v1/organizations/1/shipments/labels?${q}`, {
      headers: { authorization: 'Bearer bench' },
    })
    floorBytes = (await r.arrayBuffer()).byteLength
    floor.push(performance.now() - t)
  }
  console.info(
    `labels benchmark: ${N} confirmed InPost shipments booked in ${fmt(setupMs / 1000)} s (setup, not measured)`,
  )
  console.info(
    `  our merge of ${pages} stored labels (A6): p50 ${fmt(percentile(ours, 50))} ms, max ${fmt(Math.max(...ours))} ms, ${fmt(ourBytes / 1024)} KiB`,
  )
  console.info(
    `  floor: the emulator rendering ${Math.min(N, 100)} labels in one request: p50 ${fmt(percentile(floor, 50))} ms, ${fmt(floorBytes / 1024)} KiB`,
  )
  console.info(
    `  ratio ours/floor (p50): ${fmt(percentile(ours, 50) / percentile(floor, 50), 2)}; ${RUNS} runs each, machine under load`,
  )
  await prisma.$disconnect()
} finally {
  await sandbox.close()
  await db.drop()
}

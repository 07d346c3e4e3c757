// PDF render benchmark: npx tsx lib/invoices/pdf/bench.ts [renders=50]
// A one-page B2B invoice with 10 lines: first render (cold: font loading, module warm-up), then p50/p95
// over N further renders, and the process RSS.
import { sampleInvoice } from '../testing/fixtures.ts'
import type { TInvoiceLineInput } from '../vat.ts'
import { renderInvoicePdf } from './render.tsx'

const runs = Number(process.argv[2] ?? 50)
const rates = ['23', '8', '5', '23', '23'] as const
const lines: TInvoiceLineInput[] = Array.from({ length: 10 }, (_, i) => ({
  name: `Produkt nr ${i + 1} – zażółć gęślą jaźń`,
  quantity: (i % 4) + 1,
  unit: 'szt.',
  unitGrossMinor: 1999 + i * 1234,
  vatRate: rates[i % rates.length]!,
}))
const doc = sampleInvoice({ lines })

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`
const rssBefore = process.memoryUsage().rss

let t = performance.now()
const first = await renderInvoicePdf(doc)
const firstMs = performance.now() - t

const times: number[] = []
for (let i = 0; i < runs; i++) {
  t = performance.now()
  await renderInvoicePdf(doc)
  times.push(performance.now() - t)
}
times.sort((a, b) => a - b)
const pct = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]!

console.info(`PDF: ${first.length} bytes, 10 lines, ${runs} renders`)
console.info(`first render: ${firstMs.toFixed(0)} ms`)
console.info(
  `p50: ${pct(50).toFixed(1)} ms, p95: ${pct(95).toFixed(1)} ms, max: ${times.at(-1)!.toFixed(1)} ms`,
)
console.info(`RSS: ${mb(rssBefore)} before, ${mb(process.memoryUsage().rss)} after`)

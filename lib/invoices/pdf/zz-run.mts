import { writeFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { renderInvoicePdf } from './render.tsx'
import { sampleInvoice } from '../testing/fixtures.ts'
writeFileSync('/tmp/inv/run.pdf', await renderInvoicePdf(sampleInvoice({ locale: 'en' })))
console.log(execFileSync('pdftotext', ['-layout', '/tmp/inv/run.pdf', '-'], { encoding: 'utf8' }).split('\n').filter(l => /invoi|ription/.test(l)).join('\n'))

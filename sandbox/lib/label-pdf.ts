// Courier labels as real PDFs (pdf-lib), so tests can read the tracking number back with pdftotext.
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib'

export type LabelSize = 'A6' | 'A4'
export type LabelData = {
  carrier: string
  service: string
  trackingNumber: string
  receiver: string[]
  target?: string | null
  reference?: string | null
}

const SIZES: Record<LabelSize, [number, number]> = { A6: [297.64, 419.53], A4: [595.28, 841.89] }

// Standard fonts speak WinAnsi only: Polish letters are folded to ASCII on the label (a sandbox simplification).
const ascii = (s: string) =>
  s
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '?')

async function drawLabel(doc: PDFDocument, size: LabelSize, d: LabelData) {
  const [w, h] = SIZES[size]
  const page = doc.addPage([w, h])
  const bold = await doc.embedFont(StandardFonts.HelveticaBold)
  const font = await doc.embedFont(StandardFonts.Helvetica)
  const s = size === 'A4' ? 1.6 : 1
  page.drawRectangle({
    x: 12,
    y: 12,
    width: w - 24,
    height: h - 24,
    borderColor: rgb(0, 0, 0),
    borderWidth: 1.5,
  })
  let y = h - 40 * s
  page.drawText(ascii(d.carrier), { x: 24, y, size: 20 * s, font: bold })
  y -= 18 * s
  page.drawText(ascii(d.service), { x: 24, y, size: 9 * s, font })
  y -= 30 * s
  page.drawText('Tracking number', { x: 24, y, size: 8 * s, font })
  y -= 16 * s
  page.drawText(d.trackingNumber, { x: 24, y, size: 12 * s, font: bold })
  // a stand-in barcode: bars from the digits, so the label looks like one
  y -= 44 * s
  let x = 24
  for (const ch of d.trackingNumber) {
    const n = ch.charCodeAt(0) % 4
    page.drawRectangle({ x, y, width: (1 + n) * s, height: 34 * s, color: rgb(0, 0, 0) })
    x += (3 + n) * s
    if (x > w - 30) break
  }
  y -= 26 * s
  page.drawText('Receiver', { x: 24, y, size: 8 * s, font })
  for (const line of d.receiver) {
    y -= 13 * s
    page.drawText(ascii(line), { x: 24, y, size: 10 * s, font: bold })
  }
  if (d.target) {
    y -= 22 * s
    page.drawText(`Target point: ${ascii(d.target)}`, { x: 24, y, size: 11 * s, font: bold })
  }
  if (d.reference) {
    y -= 18 * s
    page.drawText(`Ref: ${ascii(d.reference)}`, { x: 24, y, size: 8 * s, font })
  }
}

export async function renderLabels(size: LabelSize, labels: LabelData[]): Promise<Buffer> {
  const doc = await PDFDocument.create()
  doc.setTitle(labels.length === 1 ? `Label ${labels[0]!.trackingNumber}` : `Labels (${labels.length})`)
  doc.setProducer('Hookline provider sandbox')
  for (const l of labels) await drawLabel(doc, size, l)
  return Buffer.from(await doc.save())
}

export function sendPdf(res: import('node:http').ServerResponse, pdf: Buffer, filename: string) {
  res.writeHead(200, {
    'content-type': 'application/pdf',
    'content-length': String(pdf.length),
    'content-disposition': `attachment; filename="${filename}"`,
  })
  res.end(pdf)
}

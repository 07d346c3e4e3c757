import { getActor } from '@/lib/auth'
import { prisma } from '@/lib/db'
import { isAppError } from '@/lib/errors'
import { fileResponse, isUuid, jsonError, refuseUnless } from '@/lib/invoices/http'
import { mergeShipmentLabels } from '@/lib/shipping/shipments'

/** Staff download of many labels as one PDF: ?id=<shipment>&id=...&size=A6|A4 (the shipments list submits this). */
export async function GET(req: Request) {
  const refused = refuseUnless(await getActor(), 'shipments.read')
  if (refused) return refused
  const url = new URL(req.url)
  const ids = url.searchParams.getAll('id').filter(isUuid)
  const size = url.searchParams.get('size') === 'A4' ? 'A4' : 'A6'
  try {
    const { pdf, count } = await mergeShipmentLabels(prisma, ids, size)
    return fileResponse(pdf, { contentType: 'application/pdf', fileName: `labels-${count}-${size}.pdf` })
  } catch (err) {
    if (isAppError(err)) return jsonError(err.code, err.message)
    throw err
  }
}

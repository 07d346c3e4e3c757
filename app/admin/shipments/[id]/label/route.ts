import { getActor } from '@/lib/auth'
import { prisma } from '@/lib/db'
import { isAppError } from '@/lib/errors'
import { fileResponse, isUuid, jsonError, refuseUnless } from '@/lib/invoices/http'
import { getShipmentLabel } from '@/lib/shipping/shipments'

/** Staff download of a confirmed shipment's stored label: ?size=A6|A4. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const refused = refuseUnless(await getActor(), 'shipments.read')
  if (refused) return refused
  const { id } = await params
  if (!isUuid(id)) return jsonError('NOT_FOUND', 'No such shipment.')
  const size = new URL(req.url).searchParams.get('size') === 'A4' ? 'A4' : 'A6'
  try {
    const { pdf, filename } = await getShipmentLabel(prisma, id, size)
    return fileResponse(pdf, { contentType: 'application/pdf', fileName: filename })
  } catch (err) {
    if (isAppError(err)) return jsonError(err.code, err.message)
    throw err
  }
}

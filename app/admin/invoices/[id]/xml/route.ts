import { getActor } from '@/lib/auth'
import { prisma } from '@/lib/db'
import { exportInvoiceXml } from '@/lib/invoices/export-xml'
import { fileResponse, invoiceFileName, isUuid, jsonError, refuseUnless } from '@/lib/invoices/http'
import { getInvoiceDocument } from '@/lib/invoices/queries'

/** Staff download of an invoice as KSeF FA(3) XML, generated from the stored document snapshot. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const refused = refuseUnless(await getActor(), 'invoices.read')
  if (refused) return refused
  const { id } = await params
  const invoice = isUuid(id) ? await getInvoiceDocument(prisma, id) : null
  if (!invoice) return jsonError('NOT_FOUND', 'No such invoice.')
  const xml = exportInvoiceXml(invoice)
  if (!xml.ok) return jsonError('VALIDATION', xml.message)
  return fileResponse(xml.xml, {
    contentType: 'application/xml; charset=utf-8',
    fileName: invoiceFileName(invoice.number, 'xml'),
  })
}

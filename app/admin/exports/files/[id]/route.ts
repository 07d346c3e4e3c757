import { getExportFile } from '@/lib/accounting/queries'
import { readFileStream } from '@/lib/accounting/storage'
import { getActor } from '@/lib/auth'
import { prisma } from '@/lib/db'
import { isUuid, jsonError, refuseUnless } from '@/lib/invoices/http'

/** Download of one stored export file, streamed from the database chunk by chunk; exactly the bytes handed over. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const refused = refuseUnless(await getActor(), 'exports.read')
  if (refused) return refused
  const { id } = await params
  const file = isUuid(id) ? await getExportFile(prisma, id) : null
  if (!file) return jsonError('NOT_FOUND', 'No such export file.')
  return new Response(readFileStream(prisma, file.id), {
    status: 200,
    headers: {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${file.fileName}"`,
      'Content-Length': String(file.sizeBytes),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
      ETag: `"${file.sha256}"`,
    },
  })
}

import { getActor } from '@/lib/auth'
import { can } from '@/lib/auth/permissions'
import { prisma } from '@/lib/db'
import { getAttachmentForStaff } from '@/lib/inbox/queries'

// Received attachments: staff only, always as a download with the sniffed type and nosniff, so nothing a customer
// sent can render (or run) in the admin's origin.
export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  const actor = await getActor()
  if (!can(actor?.role, 'correspondence.read')) return new Response('Staff only', { status: 403 })
  const { id } = await ctx.params
  if (!/^[0-9a-f-]{36}$/i.test(id)) return new Response('Not found', { status: 404 })
  const a = await getAttachmentForStaff(prisma, id)
  if (!a) return new Response('Not found', { status: 404 })
  const type = a.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : a.contentType
  const ascii = a.filename.replace(/[^\w.-]+/g, '_')
  return new Response(Buffer.from(a.data), {
    headers: {
      'content-type': /html|xml|svg|javascript/i.test(type) ? 'application/octet-stream' : type,
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(a.filename)}`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, no-store',
    },
  })
}

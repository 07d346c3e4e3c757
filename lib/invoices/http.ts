import type { Actor } from '@/lib/auth'
import { can, type Permission } from '@/lib/auth/permissions'
import { ERROR_CODES, type ErrorCode } from '@/lib/errors'

// Response helpers for the invoice download route handlers (plain Web Responses, so the handlers stay thin).

const NO_STORE = 'private, no-store'

/** FV/2026/000123 -> FV-2026-000123.pdf (only characters every browser and file system accept). */
export function invoiceFileName(number: string, ext: 'pdf' | 'xml'): string {
  const base = number.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'invoice'
  return `${base}.${ext}`
}

export function jsonError(code: ErrorCode, message: string = ERROR_CODES[code].message): Response {
  return Response.json(
    { error: code, message },
    { status: ERROR_CODES[code].status, headers: { 'Cache-Control': NO_STORE } },
  )
}

/** 401 for nobody, 403 for someone without the permission (lib/auth/permissions.ts), null when allowed. */
export function refuseUnless(actor: Actor | null, permission: Permission): Response | null {
  if (!actor) return jsonError('UNAUTHORIZED')
  if (!can(actor.role, permission)) return jsonError('FORBIDDEN')
  return null
}

export function fileResponse(
  body: Uint8Array | string,
  opts: { contentType: string; fileName: string },
): Response {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: {
      'Content-Type': opts.contentType,
      'Content-Disposition': `attachment; filename="${opts.fileName}"`,
      'Content-Length': String(bytes.byteLength),
      'Cache-Control': NO_STORE,
      'X-Content-Type-Options': 'nosniff',
    },
  })
}

export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)

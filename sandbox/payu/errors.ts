// PayU's error shape: `{ status: { statusCode, severity, code?, codeLiteral?, statusDesc } }` with the HTTP status
// from PayU's status-code table (400 ERROR_*, 401 UNAUTHORIZED, 403 UNAUTHORIZED_REQUEST, 404 DATA_NOT_FOUND,
// 500 ERROR_INTERNAL / GENERAL_ERROR, 503 SERVICE_NOT_AVAILABLE).
import type { Json } from './util.ts'

export class PayuError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly statusCode: string,
    readonly statusDesc: string,
    readonly extra: { code?: string; codeLiteral?: string; top?: Json } = {},
  ) {
    super(`${statusCode}: ${statusDesc}`)
  }

  toJSON(): Json {
    const status: Json = { statusCode: this.statusCode, severity: 'ERROR' }
    if (this.extra.code) status.code = this.extra.code
    if (this.extra.codeLiteral) status.codeLiteral = this.extra.codeLiteral
    status.statusDesc = this.statusDesc
    return { ...(this.extra.top ?? {}), status }
  }
}

export const missing = (field: string) =>
  new PayuError(400, 'ERROR_VALUE_MISSING', `Missing required field: ${field}`, {
    codeLiteral: `MISSING_${field
      .replace(/([a-z])([A-Z])/g, '$1_$2')
      .replace(/\W+/g, '_')
      .toUpperCase()}`,
  })

export const invalid = (field: string, why = 'Invalid field value') =>
  new PayuError(400, 'ERROR_VALUE_INVALID', `${why}: ${field}`, {
    codeLiteral: `INVALID_${field
      .replace(/([a-z])([A-Z])/g, '$1_$2')
      .replace(/\W+/g, '_')
      .toUpperCase()}`,
  })

export const syntax = (desc = 'Bad syntax') => new PayuError(400, 'ERROR_SYNTAX', desc)

export const notFound = (what: string) => new PayuError(404, 'DATA_NOT_FOUND', `Could not find ${what}`)

export const unauthorized = (desc: string) => new PayuError(401, 'UNAUTHORIZED', desc)

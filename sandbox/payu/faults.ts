/** PayU's statusCode for an HTTP error status, from its status-code table. */
export function faultStatusCode(status: number): string {
  if (status === 401) return 'UNAUTHORIZED'
  if (status === 403) return 'UNAUTHORIZED_REQUEST'
  if (status === 404) return 'DATA_NOT_FOUND'
  if (status === 408) return 'TIMEOUT'
  if (status === 503) return 'SERVICE_NOT_AVAILABLE'
  if (status >= 500) return 'ERROR_INTERNAL'
  return 'ERROR_SYNTAX'
}

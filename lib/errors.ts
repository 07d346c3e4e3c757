// One error type for the whole app: a code (mapped to an HTTP status and a user message in one place) and
// whether retrying can help. Jobs use `isRetryable` to decide between backoff and the dead-letter list.

export const ERROR_CODES = {
  VALIDATION: { status: 400, message: 'The request is not valid.' },
  UNAUTHORIZED: { status: 401, message: 'Please sign in.' },
  FORBIDDEN: { status: 403, message: 'You are not allowed to do this.' },
  NOT_FOUND: { status: 404, message: 'Not found.' },
  CONFLICT: { status: 409, message: 'This was changed in the meantime. Please try again.' },
  OUT_OF_STOCK: { status: 409, message: 'Some items are no longer available in the requested quantity.' },
  INVALID_TRANSITION: { status: 409, message: 'This action is not possible in the current state.' },
  PROVIDER_UNAVAILABLE: { status: 503, message: 'A provider is not responding. Please try again shortly.' },
  PROVIDER_REJECTED: { status: 502, message: 'A provider refused the request.' },
  CONFIGURATION: { status: 500, message: 'The shop is not configured correctly.' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side.' },
} as const

export type ErrorCode = keyof typeof ERROR_CODES

export class AppError extends Error {
  readonly code: ErrorCode
  readonly isRetryable: boolean
  /** field -> messages, for forms */
  readonly fieldErrors?: Record<string, string[]>

  constructor(
    code: ErrorCode,
    message?: string,
    opts: { isRetryable?: boolean; fieldErrors?: Record<string, string[]>; cause?: unknown } = {},
  ) {
    super(message ?? ERROR_CODES[code].message, { cause: opts.cause })
    this.name = 'AppError'
    this.code = code
    this.isRetryable = opts.isRetryable ?? code === 'PROVIDER_UNAVAILABLE'
    this.fieldErrors = opts.fieldErrors
  }

  get status(): number {
    return ERROR_CODES[this.code].status
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError

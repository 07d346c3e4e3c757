import 'server-only'
import pino from 'pino'
import { env } from '@/lib/env'

// Structured logs; anything that may carry secrets or personal data is redacted before it is written.
export const logger = pino({
  level: env.NODE_ENV === 'test' ? (process.env.LOG_LEVEL ?? 'silent') : env.LOG_LEVEL,
  base: { service: process.env.HOOKLINE_SERVICE ?? 'web' },
  redact: {
    paths: [
      'password',
      '*.password',
      'authorization',
      '*.authorization',
      'headers.authorization',
      'headers.cookie',
      'apiKey',
      '*.apiKey',
      'secret',
      '*.secret',
      'token',
      '*.token',
      'card',
      '*.card',
    ],
    censor: '[redacted]',
  },
})

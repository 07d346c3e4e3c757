import 'server-only'
import { prisma } from '@/lib/db'
import { logger } from '@/lib/logger'

export type CallMeta = { operation: string; idempotencyKey?: string; orderId?: string | null }
export type CallOutcome = {
  httpStatus: number | null
  isOk: boolean
  error?: string
  requestId?: string | null
}

/**
 * Logs one outbound provider call (provider, operation, idempotency key, status, latency; never bodies or secrets)
 * and stores it for the order timeline. Recording is best effort: a failure to record never fails the call.
 */
export async function recordProviderCall(
  provider: string,
  meta: CallMeta,
  outcome: CallOutcome,
  latencyMs: number,
) {
  const entry = {
    provider,
    operation: meta.operation,
    idempotencyKey: meta.idempotencyKey ?? null,
    httpStatus: outcome.httpStatus,
    isOk: outcome.isOk,
    latencyMs: Math.round(latencyMs),
    error: outcome.error?.slice(0, 1000) ?? null,
    requestId: outcome.requestId ?? null,
    orderId: meta.orderId ?? null,
  }
  ;(outcome.isOk ? logger.info.bind(logger) : logger.warn.bind(logger))(entry, 'provider call')
  try {
    await prisma.providerCall.create({ data: entry })
  } catch (err) {
    logger.error({ err }, 'could not record provider call')
  }
}

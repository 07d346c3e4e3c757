import { redactResendPayload, ZResendEvent } from '@/lib/email/resend-event'
import { verifyResendWebhook } from '@/lib/integrations/resend'
import type { InboundAdapter, TVerifyResult } from '../types'

/** Resend delivery events, svix-signed (HMAC-SHA256 over `id.timestamp.body`, 5 min tolerance both ways). */
export const resendAdapter: InboundAdapter = {
  provider: 'resend',
  maxBodyBytes: 256 * 1024,
  verify(raw, headers): TVerifyResult {
    const verified = verifyResendWebhook(raw.toString('utf8'), headers)
    if (!verified.ok) return { ok: false, reason: verified.reason }
    const parsed = ZResendEvent.safeParse(verified.payload)
    return {
      ok: true,
      event: {
        eventId: verified.svixId,
        // an authentic event we cannot read is kept for staff (a redelivery would not read better)
        type: parsed.success ? parsed.data.type : 'unreadable',
        payload: redactResendPayload(verified.payload),
      },
    }
  },
}

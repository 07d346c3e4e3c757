import 'server-only'
import type { DbTx } from '@/lib/db'

// Seam to the shared intake of issue #10 (recordInboundEvent for pollers, lifecycle event `message.received`).
// Until it lands on main, a received message is recorded here: on its order's timeline, in the same transaction
// that stores it. Switch the body to the shared intake when it is there; callers stay as they are.
export async function recordInboundEvent(
  tx: DbTx,
  event: {
    source: 'imap'
    eventId: string
    type: 'message.received'
    orderId: string | null
    summary: string
    data: { inboundMessageId: string; kind: string; linkRule: string | null }
  },
) {
  if (!event.orderId) return
  await tx.orderTimelineEntry.create({
    data: {
      orderId: event.orderId,
      kind: event.type,
      message: event.summary.slice(0, 1000),
      isError: event.data.kind === 'BOUNCE',
      data: { ...event.data, source: event.source, eventId: event.eventId },
    },
  })
}

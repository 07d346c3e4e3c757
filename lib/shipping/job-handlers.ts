import 'server-only'
import { prisma } from '@/lib/db'
import type { TaskHandlers } from '@/lib/jobs/define'
import { processInpostEvent } from './inpost-webhook'
import type { shippingTaskDefinitions } from './jobs'
import {
  pollShipments,
  runCancelShipment,
  runCreateShipment,
  storeShipmentLabels,
  syncShipment,
} from './shipments'

export const shippingTaskHandlers: TaskHandlers<typeof shippingTaskDefinitions> = {
  'create-shipment': (p, ctx) => runCreateShipment(prisma, p.shipmentId, ctx),
  'sync-shipment': (p, ctx) => syncShipment(prisma, p.shipmentId, 'create', ctx),
  'store-shipment-labels': (p) => storeShipmentLabels(prisma, p.shipmentId),
  'cancel-shipment': (p, ctx) => runCancelShipment(prisma, p.shipmentId, ctx),
  'process-inpost-event': (p, ctx) => processInpostEvent(prisma, p.webhookEventId, ctx),
  'poll-shipments': () => pollShipments(prisma),
  'poll-shipment': (p, ctx) => syncShipment(prisma, p.shipmentId, 'poll', ctx),
}

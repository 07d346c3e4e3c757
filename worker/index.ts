// The job worker: `tsx --import ./scripts/lib/node-server-only.mjs worker/index.ts` (npm start runs it).
// Run as many as you like against one PostgreSQL: graphile-worker hands each job to one worker (SKIP LOCKED).
import { run } from 'graphile-worker'
import { prisma } from '@/lib/db'
import { env } from '@/lib/env'
import { startMailboxReaders } from '@/lib/inbox/start'
import { buildTaskList } from '@/lib/jobs/runner'
import { logger } from '@/lib/logger'

const runner = await run({
  connectionString: env.DATABASE_URL,
  concurrency: Number(process.env.WORKER_CONCURRENCY ?? 5),
  noHandleSignals: true,
  pollInterval: 2000,
  taskList: buildTaskList(prisma),
  // safety nets; each run is idempotent
  crontab: [
    '*/5 * * * * sweep-unpaid-orders ?max=1',
    '*/10 * * * * reconcile-payments ?max=1',
    '*/5 * * * * check-integration-health ?max=1',
    // after a month closes (Warsaw), its accounting export; new versions of exported months that changed
    '15 2 * * * sweep-accounting-exports ?max=1',
    '*/15 * * * * poll-shipments ?max=1',
  ].join('\n'),
})
logger.info({ concurrency: Number(process.env.WORKER_CONCURRENCY ?? 5) }, 'worker started')
// inbound email: one reader per configured mailbox (a lock per mailbox: one worker reads it at a time)
const mailboxReaders = startMailboxReaders(prisma)

let stopping = false
async function stop(signal: string) {
  if (stopping) return
  stopping = true
  logger.info({ signal }, 'worker stopping')
  await mailboxReaders.stop()
  await runner.stop()
  await prisma.$disconnect()
  process.exit(0)
}
process.on('SIGINT', () => void stop('SIGINT'))
process.on('SIGTERM', () => void stop('SIGTERM'))
await runner.promise

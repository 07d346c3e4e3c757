// A poller in its own process, for the crash test (kill -9 in the middle of a fetch) and the benchmark:
//   node --import tsx --import ./scripts/lib/node-server-only.mjs lib/inbox/poller-child.ts
// env: DATABASE_URL, INBOX_TEST_MAILBOX (JSON TMailboxConfig). Prints one line per stored message.
import { prisma } from '@/lib/db'
import { ZMailboxConfig } from '@/lib/integrations/imap'
import { startInboxPoller } from './poller'

const mailbox = ZMailboxConfig.parse(JSON.parse(process.env.INBOX_TEST_MAILBOX ?? '{}'))
const poller = startInboxPoller({
  db: prisma,
  mailboxes: [mailbox],
  lockRetryMs: 100,
  watchdogMs: 2000,
  reconnectBaseMs: 100,
  onIngested: (r) => process.stdout.write(`${r.outcome} ${r.loc.uid}\n`),
})
process.on('SIGTERM', () => {
  void poller.stop().then(() => process.exit(0))
})

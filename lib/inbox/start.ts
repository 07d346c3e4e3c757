import 'server-only'
import type { Db } from '@/lib/db'
import { configuredMailboxes } from '@/lib/integrations/imap'
import { logger } from '@/lib/logger'
import { type InboxPoller, startInboxPoller } from './poller'

/** The worker's hook: reads every configured mailbox until stop(). No mailbox configured: does nothing. */
export function startMailboxReaders(db: Db): Pick<InboxPoller, 'stop'> {
  const mailboxes = configuredMailboxes()
  if (!mailboxes.length) {
    logger.info('inbox: no IMAP mailbox configured (IMAP_HOST / IMAP_MAILBOXES)')
    return { stop: async () => {} }
  }
  logger.info(
    { mailboxes: mailboxes.map((m) => `${m.id} ${m.host}:${m.port} ${m.folders.join(',')}`) },
    'inbox: reading mailboxes',
  )
  return startInboxPoller({ db, mailboxes, watchdogMs: 60_000 })
}

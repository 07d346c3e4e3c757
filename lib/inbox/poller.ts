import 'server-only'
import { randomUUID } from 'node:crypto'
import os from 'node:os'
import pg from 'pg'
import type { Db } from '@/lib/db'
import { env } from '@/lib/env'
import { MailboxSession, type TMailboxConfig } from '@/lib/integrations/imap'
import { logger } from '@/lib/logger'
import type { Limits } from './analyze'
import { type IngestOutcome, ingestBatch, type Location } from './ingest-message'

// Reads each configured mailbox: one instance at a time per mailbox (a PostgreSQL session advisory lock held on its
// own connection: when the holder dies, its connection closes and another instance takes over within lockRetryMs),
// IDLE for new mail, a watchdog that never trusts a silent IDLE for longer than watchdogMs, and reconnects with
// backoff. A UIDVALIDITY change re-reads the folder from UID 1; the Message-ID keeps that from duplicating anything.

export type PollerOptions = {
  db: Db
  mailboxes: TMailboxConfig[]
  databaseUrl?: string
  instanceId?: string
  limits?: Limits
  /** how often an instance without the lock tries again (default 5 s) */
  lockRetryMs?: number
  /** the longest an IDLE is trusted before a NOOP + fetch (default 60 s) */
  watchdogMs?: number
  /** the first reconnect delay; doubles up to 30 s (default 1 s) */
  reconnectBaseMs?: number
  onIngested?: (r: IngestOutcome & { loc: Location }) => void
  /** messages stored per transaction while working through a backlog (default 25) */
  batchSize?: number
  /** an IMAP command that takes longer means a dead connection (default 30 s) */
  commandTimeoutMs?: number
}

export type InboxPoller = { stop(): Promise<void>; readonly holding: ReadonlySet<string> }

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const onAbort = () => {
      clearTimeout(t)
      resolve()
    }
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal.addEventListener('abort', onAbort, { once: true })
  })

export function startInboxPoller(opts: PollerOptions): InboxPoller {
  const instanceId = opts.instanceId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
  const abort = new AbortController()
  const holding = new Set<string>()
  const runs = opts.mailboxes.map((m) => runMailbox(m))

  async function tryLock(mailbox: string): Promise<pg.Client | null> {
    const client = new pg.Client({ connectionString: opts.databaseUrl ?? env.DATABASE_URL })
    client.on('error', () => {})
    try {
      await client.connect()
      const r = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [
        `hookline.inbox:${mailbox}`,
      ])
      if (r.rows[0]?.ok) return client
    } catch (err) {
      logger.warn({ mailbox, err: (err as Error).message }, 'inbox: lock attempt failed')
    }
    await client.end().catch(() => {})
    return null
  }

  async function runMailbox(config: TMailboxConfig) {
    let failures = 0
    while (!abort.signal.aborted) {
      const lock = await tryLock(config.id)
      if (!lock) {
        await sleep(opts.lockRetryMs ?? 5000, abort.signal)
        continue
      }
      let lockLost = false
      lock.on('error', () => {
        lockLost = true
      })
      lock.on('end', () => {
        lockLost = true
      })
      holding.add(config.id)
      const session = new MailboxSession(config, {
        commandTimeoutMs: opts.commandTimeoutMs ?? 30_000,
        maxIdleTimeMs: opts.watchdogMs ?? 60_000,
      })
      try {
        await session.connect()
        failures = 0
        logger.info({ mailbox: config.id, instanceId }, 'inbox: reading mailbox')
        while (!abort.signal.aborted && !lockLost && !session.isClosed) {
          for (const folder of config.folders) await syncFolder(session, config, folder)
          if (config.folders.length > 1) await session.open(config.folders[0]!)
          const r = await session.waitForChange(opts.watchdogMs ?? 60_000, abort.signal)
          if (r === 'closed') break
        }
      } catch (err) {
        failures++
        logger.warn(
          { mailbox: config.id, err: (err as Error).message, failures },
          'inbox: mailbox session failed',
        )
      } finally {
        holding.delete(config.id)
        await session.logout()
        await lock.end().catch(() => {})
      }
      if (!abort.signal.aborted) {
        const base = opts.reconnectBaseMs ?? 1000
        await sleep(failures ? Math.min(30_000, base * 2 ** (failures - 1)) : base / 4, abort.signal)
      }
    }
  }

  async function syncFolder(session: MailboxSession, config: TMailboxConfig, folder: string) {
    const state = await session.open(folder)
    const mailbox = config.id
    let cursor = await opts.db.inboxCursor.findUnique({ where: { mailbox_folder: { mailbox, folder } } })
    if (!cursor) {
      await opts.db.inboxCursor.createMany({
        data: [{ mailbox, folder, uidValidity: state.uidValidity, lastUid: 0n, holder: instanceId }],
        skipDuplicates: true,
      })
      cursor = await opts.db.inboxCursor.findUniqueOrThrow({ where: { mailbox_folder: { mailbox, folder } } })
    }
    if (cursor.uidValidity !== state.uidValidity) {
      logger.warn(
        { mailbox, folder, from: String(cursor.uidValidity), to: String(state.uidValidity) },
        'inbox: UIDVALIDITY changed, re-reading the folder',
      )
      cursor = await opts.db.inboxCursor.update({
        where: { mailbox_folder: { mailbox, folder } },
        data: { uidValidity: state.uidValidity, lastUid: 0n, holder: instanceId },
      })
    }
    let batch: { loc: Location; raw: Buffer }[] = []
    const flush = async () => {
      if (!batch.length) return
      const items = batch
      batch = []
      let results: IngestOutcome[]
      try {
        results = await ingestBatch(opts.db, items, { limits: opts.limits, holder: instanceId })
      } catch (err) {
        // a database failure: stop here (the cursor stays before these messages) and let the session retry
        logger.error(
          { mailbox, folder, uid: String(items[0]!.loc.uid), err: (err as Error).message },
          'inbox: could not store messages',
        )
        throw err
      }
      for (const [i, r] of results.entries()) opts.onIngested?.({ ...r, loc: items[i]!.loc })
    }
    for await (const m of session.fetchAfter(cursor.lastUid, state.uidNext)) {
      if (abort.signal.aborted) break
      batch.push({ loc: { mailbox, folder, uidValidity: state.uidValidity, uid: m.uid }, raw: m.source })
      if (batch.length >= (opts.batchSize ?? 25)) await flush()
    }
    await flush()
  }

  return {
    holding,
    async stop() {
      abort.abort()
      await Promise.all(runs)
    },
  }
}

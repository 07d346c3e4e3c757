import 'server-only'
import { ImapFlow } from 'imapflow'
import { z } from 'zod'
import { env } from '@/lib/env'
import { logger } from '@/lib/logger'

// The one IMAP client (imapflow). It knows mailboxes, folders, UIDs and raw bytes, never what a message means:
// lib/inbox decides that. Everything here is a thin, typed wrapper so the poller can be tested against Dovecot and
// the sandbox with the same code.

export const ZMailboxConfig = z
  .object({
    /** stable name of the mailbox: the key of its cursor and its lock */
    id: z.string().min(1),
    host: z.string().min(1),
    port: z.coerce.number().int().min(1).max(65535).default(993),
    secure: z.boolean().default(true),
    user: z.string().min(1),
    password: z.string().min(1).optional(),
    accessToken: z.string().min(1).optional(),
    folders: z.array(z.string().min(1)).min(1).default(['INBOX']),
  })
  .refine((m) => m.password || m.accessToken, { message: 'needs a password or an OAuth2 accessToken' })
export type TMailboxConfig = z.infer<typeof ZMailboxConfig>

/** The mailboxes configured in env (IMAP_MAILBOXES as JSON, else IMAP_HOST/IMAP_USER/...); [] when none. */
export function configuredMailboxes(): TMailboxConfig[] {
  if (env.IMAP_MAILBOXES) {
    let raw: unknown
    try {
      raw = JSON.parse(env.IMAP_MAILBOXES)
    } catch {
      throw new Error(
        'IMAP_MAILBOXES: not valid JSON (a list of {id, host, port, secure, user, password|accessToken, folders})',
      )
    }
    const parsed = z.array(ZMailboxConfig).safeParse(raw)
    if (!parsed.success) throw new Error(`IMAP_MAILBOXES: ${z.prettifyError(parsed.error)}`)
    return parsed.data
  }
  if (!env.IMAP_HOST || !env.IMAP_USER) return []
  return [
    ZMailboxConfig.parse({
      id: env.IMAP_USER,
      host: env.IMAP_HOST,
      port: env.IMAP_PORT,
      secure: env.IMAP_SECURE,
      user: env.IMAP_USER,
      password: env.IMAP_PASSWORD,
      accessToken: env.IMAP_ACCESS_TOKEN,
      folders: env.IMAP_FOLDERS.split(',')
        .map((f) => f.trim())
        .filter(Boolean),
    }),
  ]
}

export type FolderState = { path: string; uidValidity: bigint; uidNext: number; exists: number }
export type FetchedMessage = { uid: bigint; source: Buffer }

export type SessionOptions = {
  /** IDLE is re-issued at least this often (servers drop IDLE after ~30 min; RFC 2177) */
  maxIdleTimeMs?: number
  /** a command that takes longer than this means the connection is dead */
  commandTimeoutMs?: number
}

/** One connection to one mailbox. */
export class MailboxSession {
  readonly client: ImapFlow
  private closed = false
  private readonly commandTimeoutMs: number
  private readonly changeWaiters = new Set<() => void>()

  constructor(
    readonly config: TMailboxConfig,
    opts: SessionOptions = {},
  ) {
    this.commandTimeoutMs = opts.commandTimeoutMs ?? 30_000
    this.client = new ImapFlow({
      host: config.host,
      port: config.port,
      secure: config.secure,
      auth: config.accessToken
        ? { user: config.user, accessToken: config.accessToken }
        : { user: config.user, pass: config.password ?? '' },
      logger: false,
      disableAutoIdle: true,
      maxIdleTime: opts.maxIdleTimeMs ?? 5 * 60_000,
      socketTimeout: Math.max(this.commandTimeoutMs * 4, 60_000),
      connectionTimeout: this.commandTimeoutMs,
      greetingTimeout: this.commandTimeoutMs,
    })
    this.client.on('exists', () => this.wake())
    this.client.on('close', () => {
      this.closed = true
      this.wake()
    })
    // without a listener an 'error' event would crash the process; the next command fails and the poller reconnects
    this.client.on('error', (err: Error) => {
      logger.warn({ mailbox: config.id, err: err.message }, 'imap connection error')
      this.closed = true
      this.wake()
    })
  }

  get isClosed() {
    return this.closed || !this.client.usable
  }

  private wake() {
    for (const w of this.changeWaiters) w()
    this.changeWaiters.clear()
  }

  private async timed<T>(what: string, p: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined
    try {
      return await Promise.race([
        p,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            this.close()
            reject(new Error(`imap ${what} timed out after ${this.commandTimeoutMs} ms`))
          }, this.commandTimeoutMs)
        }),
      ])
    } finally {
      clearTimeout(timer)
    }
  }

  async connect() {
    await this.timed('connect', this.client.connect())
  }

  async open(folder: string): Promise<FolderState> {
    const mb = await this.timed('select', this.client.mailboxOpen(folder))
    return { path: mb.path, uidValidity: BigInt(mb.uidValidity), uidNext: mb.uidNext, exists: mb.exists }
  }

  async noop() {
    await this.timed('noop', this.client.noop())
  }

  /**
   * Messages with UID > afterUid in the open folder, oldest first. `N:*` always returns the last message, even when
   * its UID is below N, so the range is filtered again here.
   */
  async *fetchAfter(afterUid: bigint, uidNext: number): AsyncGenerator<FetchedMessage> {
    const from = afterUid + 1n
    if (uidNext > 0 && from >= BigInt(uidNext)) return
    for await (const m of this.client.fetch(`${from}:*`, { uid: true, source: true }, { uid: true })) {
      const uid = BigInt(m.uid)
      if (uid <= afterUid || !m.source) continue
      yield { uid, source: m.source }
    }
  }

  /**
   * IDLE on the open folder until the server reports a new message, the connection closes or `ms` pass (the
   * watchdog: a silent IDLE is never trusted for longer than that).
   */
  async waitForChange(ms: number, signal?: AbortSignal): Promise<'changed' | 'timeout' | 'closed'> {
    if (this.isClosed) return 'closed'
    let outcome: 'changed' | 'timeout' | 'closed' = 'timeout'
    let timer: NodeJS.Timeout | undefined
    let onAbort = () => {}
    const done = new Promise<void>((resolve) => {
      this.changeWaiters.add(() => {
        outcome = this.isClosed ? 'closed' : 'changed'
        resolve()
      })
      timer = setTimeout(resolve, ms)
      onAbort = () => resolve()
      signal?.addEventListener('abort', onAbort, { once: true })
    })
    const idling = this.client.idle().catch(() => {
      outcome = 'closed'
    })
    await done
    clearTimeout(timer)
    signal?.removeEventListener('abort', onAbort)
    if (this.isClosed) return 'closed'
    // any command ends IDLE (imapflow sends DONE first); NOOP also proves the connection is alive
    await this.noop()
    await idling
    return outcome
  }

  close() {
    this.closed = true
    try {
      this.client.close()
    } catch {
      // already closed
    }
  }

  async logout() {
    if (this.isClosed) return
    try {
      await this.timed('logout', this.client.logout())
    } catch {
      this.close()
    }
  }
}

// IMAP emulator: the shop's mailbox over real IMAP4rev1 (IDLE, UIDPLUS, CONDSTORE, ...), served by the
// hoodiecrow-imap server package (decision 021). Its state (UIDVALIDITY, UIDs, flags, raw messages) is saved to a
// JSON file so a restarted sandbox serves the same mailbox. Control API under /_sandbox/imap/. See README.md.
import fs from 'node:fs'
import type { ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import hoodiecrow, { type HoodiecrowMailbox, type HoodiecrowServer } from 'hoodiecrow-imap'
import { type Emulator, type SandboxRequest, sendJson } from '../lib/http.ts'

export type ImapEmulatorOptions = {
  /** TCP port for IMAP; 0 picks a free one. */
  port: number
  host?: string
  users: { user: string; password: string }[]
  /** extra folders besides INBOX */
  folders?: string[]
  /** where the mailbox is saved between runs; unset keeps it in memory */
  statePath?: string
  quiet?: boolean
}

export type ImapEmulator = Emulator & {
  port: number
  /** APPENDs a message as a mail server delivering it would; IDLE sessions are told at once. */
  deliver(raw: string, folder?: string): { uid: number; uidValidity: number }
  /** A server that rebuilt its index: a new UIDVALIDITY and every message renumbered from 1. */
  changeUidValidity(folder: string, uidValidity?: number): { uidValidity: number; uidNext: number }
  /** Cuts every client connection (a network drop). */
  dropConnections(): void
}

const PLUGINS = [
  'ID',
  'ENABLE',
  'IDLE',
  'UIDPLUS',
  'LITERALPLUS',
  'SASL-IR',
  'AUTH-PLAIN',
  'NAMESPACE',
  'UNSELECT',
  'SPECIAL-USE',
  'MOVE',
]

type SavedBox = {
  uidvalidity: number
  uidnext: number
  messages: { uid: number; flags: string[]; internaldate: string; raw: string }[]
}

function load(statePath: string | undefined): Record<string, SavedBox> {
  if (!statePath || !fs.existsSync(statePath)) return {}
  try {
    return JSON.parse(fs.readFileSync(statePath, 'utf8')) as Record<string, SavedBox>
  } catch {
    return {}
  }
}

export async function createImapEmulator(opts: ImapEmulatorOptions): Promise<ImapEmulator> {
  const saved = load(opts.statePath)
  const box = (name: string): SavedBox =>
    saved[name] ?? { uidvalidity: Math.floor(Date.now() / 1000), uidnext: 1, messages: [] }
  const folders = Object.fromEntries((opts.folders ?? []).map((f) => [f, box(f)]))
  const server: HoodiecrowServer = hoodiecrow({
    plugins: PLUGINS,
    users: Object.fromEntries(opts.users.map((u) => [u.user, { password: u.password }])),
    storage: { INBOX: box('INBOX'), '': { separator: '/', folders } },
  })
  const log = (s: string) => {
    if (!opts.quiet) console.info(s)
  }

  const mailboxes = (): [string, HoodiecrowMailbox][] =>
    ['INBOX', ...(opts.folders ?? [])].map((f) => [f, server.getMailbox(f)!])

  let saveTimer: NodeJS.Timeout | null = null
  const saveNow = () => {
    if (!opts.statePath) return
    const state = Object.fromEntries(
      mailboxes().map(([name, m]) => [
        name,
        {
          uidvalidity: m.uidvalidity,
          uidnext: m.uidnext,
          messages: m.messages.map((x) => ({
            uid: x.uid,
            flags: x.flags,
            internaldate: x.internaldate,
            raw: x.raw,
          })),
        },
      ]),
    )
    const tmp = `${opts.statePath}.tmp`
    fs.writeFileSync(tmp, JSON.stringify(state))
    fs.renameSync(tmp, opts.statePath)
  }
  const save = () => {
    if (!opts.statePath || saveTimer) return
    saveTimer = setTimeout(() => {
      saveTimer = null
      saveNow()
    }, 200)
  }
  server.on('notify', save)
  const sockets = new Set<import('node:net').Socket>()
  server.server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })

  await new Promise<void>((resolve) => server.listen(opts.port, opts.host ?? '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port
  log(`[imap] IMAP4rev1 (IDLE, UIDPLUS) on 127.0.0.1:${port} for ${opts.users.map((u) => u.user).join(', ')}`)

  function deliver(raw: string, folder = 'INBOX') {
    const m = server.getMailbox(folder)
    if (!m) throw new Error(`no folder ${folder}`)
    // hoodiecrow keeps a message as a byte string (what its APPEND parser produces), so hand it the UTF-8 bytes
    const { message } = server.appendMessage(
      folder,
      [],
      new Date(),
      Buffer.from(raw, 'utf8').toString('binary'),
    )
    save()
    return { uid: message.uid, uidValidity: m.uidvalidity }
  }

  function changeUidValidity(folder: string, uidValidity?: number) {
    const m = server.getMailbox(folder)
    if (!m) throw new Error(`no folder ${folder}`)
    m.uidvalidity = uidValidity ?? m.uidvalidity + 1
    m.messages.forEach((x, i) => {
      x.uid = i + 1
    })
    m.uidnext = m.messages.length + 1
    saveNow()
    return { uidValidity: m.uidvalidity, uidNext: m.uidnext }
  }

  function dropConnections() {
    for (const s of sockets) s.destroy()
  }

  async function control(r: SandboxRequest, res: ServerResponse, parts: string[]) {
    const body = r.rawBody.length ? (JSON.parse(r.rawBody.toString('utf8')) as Record<string, unknown>) : {}
    const folder =
      typeof body.folder === 'string' ? body.folder : (r.url.searchParams.get('folder') ?? 'INBOX')
    const m = server.getMailbox(folder)
    if (!m) return sendJson(res, 404, { error: `no folder ${folder}` })
    const route = `${r.method} ${parts.join('/')}`
    if (route === 'GET messages')
      return sendJson(res, 200, {
        folder,
        uidValidity: m.uidvalidity,
        uidNext: m.uidnext,
        messages: m.messages.map((x) => ({ uid: x.uid, flags: x.flags, size: x.raw.length })),
      })
    if (route === 'POST deliver') {
      if (typeof body.raw !== 'string' || !body.raw)
        return sendJson(res, 400, { error: 'raw (RFC 5322 source) is required' })
      return sendJson(res, 200, deliver(body.raw, folder))
    }
    if (route === 'POST uidvalidity')
      return sendJson(res, 200, {
        folder,
        ...changeUidValidity(folder, typeof body.uidValidity === 'number' ? body.uidValidity : undefined),
      })
    if (route === 'POST drop-connections') {
      dropConnections()
      return sendJson(res, 200, { ok: true })
    }
    if (route === 'POST reset') {
      m.messages.length = 0
      saveNow()
      return sendJson(res, 200, { ok: true })
    }
    return sendJson(res, 404, { error: `No such route: ${route}` })
  }

  return {
    name: 'imap',
    port,
    deliver,
    changeUidValidity,
    dropConnections,
    async handle(r, res) {
      const p = r.url.pathname
      if (p === '/_sandbox/imap' || p.startsWith('/_sandbox/imap/')) {
        await control(r, res, p.slice('/_sandbox/imap'.length).split('/').filter(Boolean))
        return true
      }
      return false
    },
    async close() {
      if (saveTimer) clearTimeout(saveTimer)
      saveTimer = null
      saveNow()
      dropConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

import { spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { prisma } from '@/lib/db'
import type { TMailboxConfig } from '@/lib/integrations/imap'
import { resetDb } from '@/test/db'
import { startDovecot, startSandboxImap, type TestImapServer } from '@/test/imap-servers'
import { type InboxPoller, startInboxPoller } from './poller'

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name))
let seq = 0
const message = (n = ++seq, extra = '') =>
  `From: Anna <anna${n}@example.com>\r\nTo: orders@hookline.test\r\nSubject: Question ${n}\r\nMessage-ID: <q-${n}-${process.pid}@example.com>\r\nDate: Tue, 01 Dec 2026 10:00:00 +0000\r\n${extra}Content-Type: text/plain; charset=utf-8\r\n\r\nQuestion number ${n}\r\n`

async function until<T>(
  what: string,
  fn: () => Promise<T | null | false | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 30))
  }
}
const count = () => prisma.inboundMessage.count()
const locations = () => prisma.inboundLocation.count()
const cursor = (folder = 'INBOX') => prisma.inboxCursor.findFirst({ where: { folder } })

describe.each([
  ['sandbox', startSandboxImap],
  ['dovecot', startDovecot],
] as const)('IMAP ingestion against the %s server', (_kind, start) => {
  let server: TestImapServer
  let mailbox: TMailboxConfig
  const pollers: InboxPoller[] = []
  const poll = (over: Partial<TMailboxConfig> = {}, id?: string) => {
    const p = startInboxPoller({
      db: prisma,
      mailboxes: [{ ...mailbox, ...over }],
      instanceId: id,
      lockRetryMs: 100,
      watchdogMs: 1500,
      reconnectBaseMs: 100,
    })
    pollers.push(p)
    return p
  }

  beforeEach(async () => {
    await resetDb()
    server = await start()
    mailbox = {
      id: `mb-${++seq}`,
      host: server.host,
      port: server.port,
      secure: false,
      user: server.user,
      password: server.password,
      folders: ['INBOX'],
    }
  })
  afterEach(async () => {
    await Promise.all(pollers.splice(0).map((p) => p.stop()))
    await server?.stop()
  })

  it('stores what is there and what arrives under IDLE, exactly once across dropped connections and restarts', async () => {
    for (let i = 0; i < 3; i++) await server.append(message())
    let p = poll()
    await until('3 messages', async () => (await count()) === 3)
    await server.dropConnections()
    await server.append(message())
    await server.append(message())
    await until('5 messages', async () => (await count()) === 5)
    await p.stop()
    p = poll()
    await server.append(message())
    await until('6 messages', async () => (await count()) === 6)
    expect(await locations()).toBe(6)
    expect((await cursor())?.lastUid).toBe(6n)
    expect(
      await prisma.inboundMessage.groupBy({
        by: ['messageId'],
        having: { messageId: { _count: { gt: 1 } } },
      }),
    ).toEqual([])
  })

  it('a UIDVALIDITY change re-reads the folder without storing anything twice', async () => {
    await server.append(message())
    await server.append(message())
    let p = poll()
    const n = 2
    await until('2 messages', async () => (await cursor())?.lastUid === 2n)
    await p.stop()
    await server.changeUidValidity('INBOX', 424242)
    await server.append(message())
    p = poll()
    await until('the new UIDVALIDITY cursor', async () => {
      const cur = await cursor()
      return cur?.uidValidity === 424242n && (await count()) === n + 1
    })
    expect(await count()).toBe(n + 1)
    // every message has its old and its new location; the new message only a new one
    expect(await prisma.inboundLocation.count({ where: { uidValidity: 424242n } })).toBe(n + 1)
    expect(await locations()).toBe(2 * n + 1)
  })

  it('the same message in two watched folders is stored once', async () => {
    await server.createFolder('Support')
    const raw = message()
    await server.append(raw, 'INBOX')
    await server.append(raw, 'Support')
    poll({ folders: ['INBOX', 'Support'] })
    await until('both locations', async () => (await locations()) === 2)
    const id = /Message-ID: <([^>]+)>/.exec(raw)![1]!
    const m = await prisma.inboundMessage.findUniqueOrThrow({
      where: { messageId: id },
      include: { locations: true },
    })
    expect(m.locations.map((l) => l.folder).sort()).toEqual(['INBOX', 'Support'])
    expect(await prisma.inboundMessage.count({ where: { messageId: id } })).toBe(1)
  })

  it('two instances: one reads the mailbox, the other takes over when it stops', async () => {
    const a = poll({}, 'instance-a')
    const b = poll({}, 'instance-b')
    await until('one holder', async () => a.holding.size + b.holding.size === 1)
    const first = a.holding.size ? a : b
    const second = first === a ? b : a
    const start = 0
    for (let i = 0; i < 5; i++) await server.append(message())
    await until('5 messages', async () => (await count()) >= start + 5)
    expect(second.holding.size).toBe(0)
    await first.stop()
    await until('takeover', async () => second.holding.size === 1)
    for (let i = 0; i < 3; i++) await server.append(message())
    await until('8 messages', async () => (await count()) >= start + 8)
    expect(await count()).toBe(start + 8)
    expect(await locations()).toBe(start + 8)
    const holders = await prisma.inboxCursor.findMany()
    expect(holders.map((h) => h.holder)).toEqual([second === a ? 'instance-a' : 'instance-b'])
  })

  it('a bad message never blocks the mailbox: each is quarantined with its reason and the next one is filed', async () => {
    const bad = [
      'bad-empty-message-id.eml',
      'bad-charset-1252.eml',
      'bad-from-empty-local.eml',
      'bad-8bit-headers.eml',
      'bad-broken-utf8.eml',
      'bad-winmail.eml',
    ]
    for (const f of bad) await server.append(fixture(f))
    const dup = message()
    await server.append(dup)
    await server.append(dup.replace('Question number', 'A different text under the same Message-ID'))
    await server.append(message())
    poll()
    await until('all processed', async () => (await cursor())?.lastUid === BigInt(bad.length + 3))
    const q = await prisma.inboundMessage.findMany({
      where: { status: 'QUARANTINED' },
      orderBy: { receivedAt: 'asc' },
    })
    expect(q.map((m) => m.quarantineReason)).toEqual([
      'empty Message-ID',
      'unknown charset "1252"',
      'unusable From address "\\"\\"@x"',
      '8-bit bytes in the headers that are not UTF-8',
      'broken charset: bytes that do not decode in the declared charset',
      'winmail.dat (TNEF) attachment',
      'duplicate Message-ID: another message with different content already has it',
    ])
    expect(await prisma.inboundMessage.count({ where: { status: { not: 'QUARANTINED' } } })).toBe(2)
    expect(await locations()).toBe(bad.length + 3)
  })

  it('kill -9 of the reading process in the middle of a fetch loses and duplicates nothing', async () => {
    const n = 120
    await server.appendMany(Array.from({ length: n }, () => message()))
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--import', './scripts/lib/node-server-only.mjs', 'lib/inbox/poller-child.ts'],
      {
        env: { ...process.env, INBOX_TEST_MAILBOX: JSON.stringify(mailbox), LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    const exited = new Promise((r) => child.once('exit', r))
    try {
      await until('the child to store 20', async () => (await count()) >= 20, 30_000)
    } finally {
      child.kill('SIGKILL')
    }
    await exited
    const atKill = await count()
    expect(atKill).toBeLessThan(n)
    poll()
    await until('all messages', async () => (await count()) === n, 30_000)
    expect(await locations()).toBe(n)
    expect((await cursor())?.lastUid).toBe(BigInt(n))
  }, 60_000)
})

describe('the watchdog', () => {
  it('an IDLE connection that goes silent (no error, no close) is noticed and replaced; nothing is missed', async () => {
    await resetDb()
    const server = await startSandboxImap()
    // a TCP relay that can freeze its open connections: bytes stop flowing, nobody closes anything
    let frozen = false
    const sockets = new Set<net.Socket>()
    let connections = 0
    const relay = net.createServer((client) => {
      connections++
      const upstream = net.connect(server.port, '127.0.0.1')
      sockets.add(client)
      sockets.add(upstream)
      // connections opened before the freeze go silent; a reconnect gets through
      const isNew = frozen
      upstream.on('data', (d) => {
        if (!frozen || isNew) client.write(d)
      })
      client.on('data', (d) => {
        if (!frozen || isNew) upstream.write(d)
      })
      const end = () => {
        client.destroy()
        upstream.destroy()
      }
      client.on('close', end)
      upstream.on('close', end)
      client.on('error', end)
      upstream.on('error', end)
    })
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r))
    const port = (relay.address() as net.AddressInfo).port
    const p = startInboxPoller({
      db: prisma,
      mailboxes: [
        {
          id: 'watchdog',
          host: '127.0.0.1',
          port,
          secure: false,
          user: server.user,
          password: server.password,
          folders: ['INBOX'],
        },
      ],
      lockRetryMs: 100,
      watchdogMs: 400,
      commandTimeoutMs: 800,
      reconnectBaseMs: 100,
    })
    try {
      await server.append(message())
      await until('the first message', async () => (await count()) === 1)
      // the connection goes silent: the EXISTS for the next message never arrives over it
      frozen = true
      await server.append(message())
      await until('the second message over a new connection', async () => (await count()) === 2)
      expect(await locations()).toBe(2)
      expect(connections).toBeGreaterThanOrEqual(2)
    } finally {
      await p.stop()
      for (const s of sockets) s.destroy()
      await new Promise((r) => relay.close(r))
      await server.stop()
    }
  })
})

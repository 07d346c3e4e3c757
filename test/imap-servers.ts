// IMAP servers for integration tests: a private Dovecot (Debian's dovecot-imapd, started from a config in a temp
// dir on a free 127.0.0.1 port, stopped by killing its process group) and the sandbox's IMAP emulator. Ingestion
// tests run against both, so the client is proven on a mainstream server and the demo server alike.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { ImapFlow } from 'imapflow'
import { createImapEmulator } from '@/sandbox/imap/index'

export type TestImapServer = {
  kind: 'dovecot' | 'sandbox'
  host: string
  port: number
  user: string
  password: string
  /** APPEND raw messages over IMAP (as a delivering server would) */
  append(raw: Buffer | string, folder?: string): Promise<bigint>
  /** many APPENDs over one connection */
  appendMany(raws: (Buffer | string)[], folder?: string): Promise<void>
  createFolder(folder: string): Promise<void>
  /** a new UIDVALIDITY for the folder (the server rebuilt its index) */
  changeUidValidity(folder: string, value: number): Promise<void>
  /** cut every client connection, as a network drop or a server restart does */
  dropConnections(): Promise<void>
  stop(): Promise<void>
}

export const hasDovecot = () => fs.existsSync('/usr/sbin/dovecot') || fs.existsSync('/usr/bin/dovecot')

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port
      s.close(() => resolve(p))
    })
  })
}

async function waitForGreeting(port: number, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1')
      s.once('data', (d) => {
        s.destroy()
        resolve(d.toString().startsWith('* OK'))
      })
      s.once('error', () => resolve(false))
    })
    if (ok) return
    if (Date.now() > until) throw new Error(`IMAP server on ${port} did not greet within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

function manyAppender(host: string, port: number, user: string, password: string) {
  return async (raws: (Buffer | string)[], folder = 'INBOX') => {
    const c = new ImapFlow({ host, port, secure: false, auth: { user, pass: password }, logger: false })
    await c.connect()
    try {
      for (const raw of raws) await c.append(folder, typeof raw === 'string' ? Buffer.from(raw) : raw)
    } finally {
      await c.logout()
    }
  }
}

function appender(host: string, port: number, user: string, password: string) {
  return async (raw: Buffer | string, folder = 'INBOX') => {
    const c = new ImapFlow({ host, port, secure: false, auth: { user, pass: password }, logger: false })
    await c.connect()
    try {
      const r = await c.append(folder, typeof raw === 'string' ? Buffer.from(raw) : raw)
      if (!r) throw new Error('APPEND failed')
      return BigInt(r.uid ?? 0)
    } finally {
      await c.logout()
    }
  }
}

export async function startDovecot(): Promise<TestImapServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-dovecot-'))
  fs.chmodSync(dir, 0o755)
  const port = await freePort()
  const user = 'orders@hookline.test'
  const password = 'dovecot-test-pass'
  const isRoot = process.getuid?.() === 0
  const runUser = isRoot ? 'dovecot' : os.userInfo().username
  const runGroup = isRoot ? 'dovecot' : execFileSync('id', ['-gn']).toString().trim()
  fs.mkdirSync(path.join(dir, 'mail'), { mode: 0o755 })
  if (isRoot) execFileSync('chown', [`${runUser}:${runGroup}`, path.join(dir, 'mail')])
  fs.writeFileSync(path.join(dir, 'users'), `${user}:{PLAIN}${password}\n`, { mode: 0o644 })
  const conf = path.join(dir, 'dovecot.conf')
  fs.writeFileSync(
    conf,
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
instance_name = hl-test-${port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = ${runUser}
default_internal_group = ${runGroup}
default_login_user = ${runUser}
mail_uid = ${runUser}
mail_gid = ${runGroup}
first_valid_uid = 1
mail_location = maildir:${dir}/mail/%u
mail_fsync = never
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = home=${dir}/mail/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`,
  )
  const child: ChildProcess = spawn('dovecot', ['-F', '-c', conf], { detached: true, stdio: 'ignore' })
  const kill = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL')
    } catch {
      // gone already
    }
  }
  process.once('exit', kill)
  await waitForGreeting(port)
  const doveadm = (...args: string[]) => execFileSync('doveadm', ['-c', conf, ...args], { stdio: 'pipe' })
  return {
    kind: 'dovecot',
    host: '127.0.0.1',
    port,
    user,
    password,
    append: appender('127.0.0.1', port, user, password),
    appendMany: manyAppender('127.0.0.1', port, user, password),
    async createFolder(folder) {
      doveadm('mailbox', 'create', '-u', user, folder)
    },
    async changeUidValidity(folder, value) {
      doveadm('mailbox', 'update', '-u', user, '--uid-validity', String(value), folder)
    },
    async dropConnections() {
      try {
        doveadm('kick', user)
      } catch {
        // nobody connected
      }
    },
    async stop() {
      kill()
      process.removeListener('exit', kill)
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

export async function startSandboxImap(): Promise<TestImapServer> {
  const user = 'orders@hookline.test'
  const password = 'sandbox-test-pass'
  const emu = await createImapEmulator({
    port: 0,
    users: [{ user, password }],
    folders: ['Support'],
    quiet: true,
  })
  return {
    kind: 'sandbox',
    host: '127.0.0.1',
    port: emu.port,
    user,
    password,
    append: appender('127.0.0.1', emu.port, user, password),
    appendMany: manyAppender('127.0.0.1', emu.port, user, password),
    async createFolder(folder) {
      if (folder !== 'Support') throw new Error('the sandbox mailbox has INBOX and Support')
    },
    async changeUidValidity(folder, value) {
      emu.changeUidValidity(folder, value)
    },
    async dropConnections() {
      emu.dropConnections()
    },
    stop: () => emu.close(),
  }
}

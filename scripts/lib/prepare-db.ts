import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { Logger, runMigrations } from 'graphile-worker'

const root = path.resolve(import.meta.dirname, '../..')

/** Applies Prisma migrations (offline engine) and graphile-worker's own schema. Both are idempotent. */
export async function prepareDatabase(databaseUrl: string, opts: { quiet?: boolean } = {}) {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/db/migrate.mjs'), 'deploy'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  })
  if (r.status !== 0) throw new Error(`database migration failed:\n${r.stdout}\n${r.stderr}`)
  if (!opts.quiet) process.stdout.write(r.stdout)
  await runMigrations({ connectionString: databaseUrl, logger: quietLogger })
}

// graphile-worker's default logger prints every migration step; keep start-up output readable
const quietLogger = new Logger(() => (level: string, message: string) => {
  if (level === 'error' || level === 'warning') console.error(`[graphile-worker] ${message}`)
})

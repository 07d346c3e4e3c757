import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

// The test database was created from migrations only (scripts/test.ts); `check` replays them into a shadow database
// and compares with schema.prisma and with the live database: any drift fails.
describe('migrations', () => {
  it('applied to an empty database match schema.prisma (no drift)', () => {
    const r = spawnSync(process.execPath, ['scripts/db/migrate.mjs', 'check'], {
      encoding: 'utf8',
      env: process.env,
    })
    expect(r.stdout + r.stderr).toContain('OK: schema.prisma matches the migrations')
    expect(r.stdout).toContain('OK: database matches the migrations')
    expect(r.status).toBe(0)
  })
  it('reports nothing pending', () => {
    const r = spawnSync(process.execPath, ['scripts/db/migrate.mjs', 'status'], {
      encoding: 'utf8',
      env: process.env,
    })
    expect(r.stdout).toContain('Database schema is up to date.')
    expect(r.status).toBe(0)
  })
})

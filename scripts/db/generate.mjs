#!/usr/bin/env node
// `prisma generate` offline: the CLI insists on a schema-engine binary path even though generating the client
// never runs it, so point it at this very Node executable (see docs/decisions/002-offline-prisma-migrations.md).
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'

const cli = createRequire(import.meta.url).resolve('prisma/build/index.js')
const r = spawnSync(process.execPath, [cli, 'generate'], {
  stdio: 'inherit',
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
})
process.exit(r.status ?? 1)

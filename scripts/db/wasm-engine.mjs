// Prisma's WebAssembly schema engine driven through @prisma/adapter-pg: migrations without the native binary,
// which cannot be downloaded on machines without internet. See docs/decisions/002-offline-prisma-migrations.md.
import fs from 'node:fs'
import { PrismaPg } from '@prisma/adapter-pg'
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from '@prisma/driver-adapter-utils'
import * as se from '@prisma/schema-engine-wasm/schema_engine_bg'

const wasmUrl = new URL(
  'schema_engine_bg.wasm',
  import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg'),
)
globalThis.PRISMA_WASM_PANIC_REGISTRY = { set_message: (m) => console.error('schema-engine panic:', m) }
const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmUrl), { './schema_engine_bg.js': se })
se.__wbg_set_wasm(instance.exports)
instance.exports.__wbindgen_start()
export const engineVersion = se.version()

// Trap 1: adapter-pg refuses PostgreSQL's internal "char" type (OID 18), which the engine's catalog queries return
// and then read with as_char(): report those columns as TEXT to adapter-pg and re-type them Character afterwards.
function withCharColumns(q) {
  const performIO = q.performIO.bind(q)
  const queryRaw = q.queryRaw.bind(q)
  const charCols = new WeakMap()
  q.performIO = async (query) => {
    const res = await performIO(query)
    const idx = []
    res.fields.forEach((f, i) => {
      if (f.dataTypeID === 18) {
        f.dataTypeID = 25
        idx.push(i)
      }
    })
    if (idx.length) charCols.set(res.rows, idx)
    return res
  }
  q.queryRaw = async (query) => {
    const r = await queryRaw(query)
    for (const i of charCols.get(r.rows) ?? []) r.columnTypes[i] = ColumnTypeEnum.Character
    return r
  }
  // Trap 4: adapter-pg's executeScript splits the script on every ';', which breaks dollar-quoted function bodies
  // (triggers) and semicolons in comments. PostgreSQL runs a multi-statement script in one simple query, as the
  // native engine does.
  if (q.client && typeof q.client.query === 'function') {
    q.executeScript = async (script) => {
      try {
        await q.client.query(script)
      } catch (error) {
        q.onError(error)
      }
    }
  }
  if (q.startTransaction) {
    const st = q.startTransaction.bind(q)
    q.startTransaction = async (iso) => withCharColumns(await st(iso))
  }
  return q
}

// Trap 2: with a connectionString, pg lets it override `database`, so the "shadow" database would be the real one.
// Pass discrete fields instead.
export function pgConfig(url) {
  const u = new URL(url)
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || 'postgres'),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.slice(1)) || 'postgres',
    ssl: ['require', 'verify-full', 'verify-ca'].includes(u.searchParams.get('sslmode') ?? '') || undefined,
  }
}

function adapterFactory(url, shadowUrl) {
  const base = new PrismaPg(pgConfig(url))
  // Trap 3: PrismaPg.connectToShadowDb() drops its database before closing its own pool and fails; create a
  // throwaway database ourselves, close the shadow pool first, then drop it.
  async function connectToShadowDb() {
    if (shadowUrl) {
      const a = await new PrismaPg(pgConfig(shadowUrl)).connect()
      await a.executeScript('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public')
      return withCharColumns(a)
    }
    const db = `prisma_migrate_shadow_db_${crypto.randomUUID()}`
    const admin = await base.connect()
    await admin.executeScript(`CREATE DATABASE "${db}"`)
    const shadow = await new PrismaPg({ ...pgConfig(url), database: db }).connect()
    const dispose = shadow.dispose.bind(shadow)
    shadow.dispose = async () => {
      await dispose()
      await admin.executeScript(`DROP DATABASE IF EXISTS "${db}"`)
      await admin.dispose()
    }
    return withCharColumns(shadow)
  }
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => withCharColumns(await base.connect()),
    connectToShadowDb,
  }
}

/** schemaFiles: [{ path, content }] */
export const createEngine = ({ url, shadowUrl, schemaFiles }) =>
  se.SchemaEngine.new(
    { datamodels: schemaFiles.map((f) => [f.path, f.content]) },
    (log) => process.env.SE_DEBUG && console.error('[schema-engine]', log),
    bindMigrationAwareSqlAdapterFactory(adapterFactory(url, shadowUrl)),
  )

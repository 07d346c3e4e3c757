import { createHash } from 'node:crypto'
import type { DbTx } from '@/lib/db'

// Export files live in PostgreSQL, in chunks of CHUNK_BYTES (accounting_export_chunks), so every web and worker
// instance can serve them, a file is written in the transaction that makes its export READY (all files or none), and
// the database refuses to change or delete them afterwards. Writing and reading both stream: at most one chunk of a
// file is in memory at a time.

export const CHUNK_BYTES = 1024 * 1024

export type TStoredFile = { id: string; sizeBytes: number; sha256: string }

/** A file being written: write() string chunks, then finish(). Chunks are flushed to the database as they fill. */
export function createFileWriter(tx: DbTx, fileId: string) {
  const hash = createHash('sha256')
  let pending: Buffer[] = []
  let pendingBytes = 0
  let seq = 0
  let size = 0
  const flush = async () => {
    if (pendingBytes === 0) return
    const data = Buffer.concat(pending, pendingBytes)
    pending = []
    pendingBytes = 0
    await tx.$executeRaw`INSERT INTO accounting_export_chunks (file_id, seq, data) VALUES (${fileId}::uuid, ${seq++}, ${data})`
  }
  return {
    async write(chunk: string) {
      if (!chunk) return
      const b = Buffer.from(chunk, 'utf8')
      hash.update(b)
      size += b.byteLength
      pending.push(b)
      pendingBytes += b.byteLength
      if (pendingBytes >= CHUNK_BYTES) await flush()
    },
    async finish(): Promise<{ sizeBytes: number; sha256: string }> {
      await flush()
      return { sizeBytes: size, sha256: hash.digest('hex') }
    },
  }
}

/** The file's bytes as a web stream, one chunk read from the database at a time. */
export function readFileStream(db: DbTx, fileId: string): ReadableStream<Uint8Array> {
  let seq = 0
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = await db.accountingExportChunk.findUnique({
        where: { fileId_seq: { fileId, seq } },
        select: { data: true },
      })
      if (!chunk) return controller.close()
      seq += 1
      controller.enqueue(new Uint8Array(chunk.data))
    },
  })
}

/** The whole file (for email attachments and tests; downloads stream). */
export async function readFileBytes(db: DbTx, fileId: string): Promise<Buffer> {
  const chunks = await db.accountingExportChunk.findMany({ where: { fileId }, orderBy: { seq: 'asc' } })
  return Buffer.concat(chunks.map((c) => Buffer.from(c.data)))
}

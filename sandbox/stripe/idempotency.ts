// Stripe's idempotency layer: the first response for a key is saved and replayed for the same request;
// the same key with other parameters is an error. Requests sharing a key run one at a time.
import { StripeError } from './errors.ts'

export type StoredResponse = { status: number; body: unknown; headers: Record<string, string> }

type Entry = {
  method: string
  path: string
  body: string
  pending: Promise<void>
  response: StoredResponse | null
  createdAt: number
}

// Stripe forgets keys after 24 hours; so does the sandbox, or a long-running process would only grow.
const keyLifetimeMs = 24 * 3600 * 1000

export class IdempotencyStore {
  private entries = new Map<string, Entry>()

  async run(
    key: string,
    req: { method: string; path: string; body: string },
    execute: () => Promise<{ response: StoredResponse; store: boolean }>,
  ): Promise<{ response: StoredResponse; replayed: boolean }> {
    for (;;) {
      const existing = this.entries.get(key)
      if (!existing || existing.createdAt < Date.now() - keyLifetimeMs) break
      if (existing.method !== req.method || existing.path !== req.path || existing.body !== req.body) {
        const err = new StripeError(
          400,
          'idempotency_error',
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        )
        return { response: { status: 400, body: err.toJSON(), headers: {} }, replayed: false }
      }
      await existing.pending
      if (existing.response) return { response: existing.response, replayed: true }
      // The first request was not saved (failed validation): whoever gets here first runs it again.
    }
    this.prune()
    let done = () => {}
    const entry: Entry = {
      ...req,
      pending: new Promise<void>((r) => (done = r)),
      response: null,
      createdAt: Date.now(),
    }
    // delete first so the map stays in creation order, which prune() relies on
    this.entries.delete(key)
    this.entries.set(key, entry)
    try {
      const { response, store } = await execute()
      if (store) entry.response = response
      else this.forget(key, entry)
      return { response, replayed: false }
    } catch (err) {
      this.forget(key, entry)
      throw err
    } finally {
      done()
    }
  }

  private forget(key: string, entry: Entry) {
    if (this.entries.get(key) === entry) this.entries.delete(key)
  }

  private prune() {
    const cutoff = Date.now() - keyLifetimeMs
    for (const [key, e] of this.entries) {
      if (e.createdAt >= cutoff) break
      if (e.response) this.entries.delete(key)
    }
  }

  reset() {
    this.entries.clear()
  }
}

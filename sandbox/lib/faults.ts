// Fault injection shared by the emulators: the next N matching calls fail with an error status or hang.
// Faults act in front of an emulator's idempotency layer, like a failing load balancer, so a retry can succeed.
export type FaultInput = {
  mode?: unknown
  count?: unknown
  status?: unknown
  delayMs?: unknown
  path?: unknown
  method?: unknown
  after?: unknown
}

export type Fault = {
  id: number
  mode: 'error' | 'timeout'
  remaining: number
  status: number
  delayMs: number
  path: string
  method: string | null
  /** After a timeout's delay: answer normally ('respond', the request was processed late) or drop the connection. */
  after: 'respond' | 'close'
}

export class Faults {
  private list: Fault[] = []
  private nextId = 1

  /** @param defaultPath the path prefix a fault matches when none is given (the emulator's whole API) */
  constructor(private readonly defaultPath: string) {}

  add(input: FaultInput): Fault {
    const mode = input.mode
    if (mode !== 'error' && mode !== 'timeout') throw new Error("mode must be 'error' or 'timeout'")
    const count = input.count === undefined ? 1 : Number(input.count)
    if (!Number.isInteger(count) || count < 1) throw new Error('count must be a positive integer')
    const status = input.status === undefined ? 500 : Number(input.status)
    if (!Number.isInteger(status) || status < 400 || status > 599) throw new Error('status must be 400-599')
    const delayMs = input.delayMs === undefined ? 30_000 : Number(input.delayMs)
    if (!Number.isFinite(delayMs) || delayMs < 0) throw new Error('delayMs must be >= 0')
    const after = input.after ?? 'respond'
    if (after !== 'respond' && after !== 'close') throw new Error("after must be 'respond' or 'close'")
    const path = input.path === undefined ? this.defaultPath : String(input.path)
    const method = input.method === undefined ? null : String(input.method).toUpperCase()
    const fault: Fault = { id: this.nextId++, mode, remaining: count, status, delayMs, path, method, after }
    this.list.push(fault)
    return fault
  }

  /** Takes one use of the first fault matching this request. */
  take(method: string, path: string): Fault | null {
    const fault = this.list.find((f) => path.startsWith(f.path) && (!f.method || f.method === method))
    if (!fault) return null
    fault.remaining -= 1
    if (fault.remaining <= 0) this.list = this.list.filter((f) => f !== fault)
    return { ...fault }
  }

  all(): Fault[] {
    return this.list.map((f) => ({ ...f }))
  }

  clear() {
    this.list = []
  }
}

// The few parts of autocannon's API the benchmarks use (the package ships no types).
declare module 'autocannon' {
  type Req = { method?: string; path?: string; body?: string; headers?: Record<string, string> }
  type Histogram = { average: number; mean: number; p50: number; p90: number; p99: number; max: number }
  export type Result = {
    requests: Histogram & { total: number }
    latency: Histogram
    throughput: Histogram
    duration: number
    errors: number
    timeouts: number
    non2xx: number
    '2xx': number
  }
  export type Options = {
    url: string
    connections?: number
    duration?: number
    amount?: number
    timeout?: number
    method?: string
    requests?: (Req & { setupRequest?: (req: Req) => Req })[]
  }
  export default function autocannon(opts: Options): Promise<Result>
}

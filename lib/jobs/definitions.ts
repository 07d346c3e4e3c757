import { z } from 'zod'

// Every background task: name -> payload schema and retry policy. Handlers live in lib/jobs/handlers.ts so that
// domain code can enqueue jobs (outbox) without importing the handlers that import the domain back.

export type TaskDefinition<S extends z.ZodType = z.ZodType> = {
  schema: S
  /** attempts before the job lands on the dead-letter list (graphile-worker backs off exponentially between them) */
  maxAttempts: number
  /** jobs sharing a queue run one at a time, in order */
  queueName?: string
}

const define = <S extends z.ZodType>(d: TaskDefinition<S>) => d

export const ZOrderJob = z.object({ orderId: z.uuid() })

export const taskDefinitions = {
  /** cancels an order still unpaid after UNPAID_ORDER_TTL_MINUTES and gives its stock back */
  'release-unpaid-order': define({ schema: ZOrderJob, maxAttempts: 10 }),
  /** periodic safety net for orders whose release job was lost (e.g. created before the TTL changed) */
  'sweep-unpaid-orders': define({ schema: z.object({}).passthrough(), maxAttempts: 3 }),
} as const

export type TaskName = keyof typeof taskDefinitions
export type TaskPayload<N extends TaskName> = z.input<(typeof taskDefinitions)[N]['schema']>
export const isTaskName = (n: string): n is TaskName => Object.hasOwn(taskDefinitions, n)

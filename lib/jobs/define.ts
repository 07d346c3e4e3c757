import type { z } from 'zod'

export type TaskDefinition<S extends z.ZodType = z.ZodType> = {
  schema: S
  /** attempts before the job lands on the dead-letter list (graphile-worker backs off exponentially between them) */
  maxAttempts: number
  /** jobs sharing a queue run one at a time, in order */
  queueName?: string
}

export const defineTask = <S extends z.ZodType>(d: TaskDefinition<S>) => d

export type TaskContext = { jobId: string; attempt: number; maxAttempts: number; log: (msg: string) => void }

/** A domain's handlers, typed against that domain's own task definitions. */
export type TaskHandlers<D extends Record<string, TaskDefinition>> = {
  [N in keyof D]: (payload: z.output<D[N]['schema']>, ctx: TaskContext) => Promise<unknown>
}

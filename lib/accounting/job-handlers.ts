import 'server-only'
import { prisma } from '@/lib/db'
import { isAppError } from '@/lib/errors'
import type { TaskHandlers } from '@/lib/jobs/define'
import { buildAccountingExport, markExportFailed } from './build-export'
import type { accountingTaskDefinitions } from './jobs'
import { sweepAccountingExports } from './sweep-exports'

export const accountingTaskHandlers: TaskHandlers<typeof accountingTaskDefinitions> = {
  'build-accounting-export': async ({ exportId }, ctx) => {
    try {
      return await buildAccountingExport(prisma, exportId)
    } catch (err) {
      // the last attempt (or a permanent error) ends the version as FAILED, so staff see why and can start another
      if ((isAppError(err) && !err.isRetryable) || ctx.attempt >= ctx.maxAttempts) {
        await markExportFailed(prisma, exportId, err instanceof Error ? err.message : String(err))
      }
      throw err
    }
  },
  'sweep-accounting-exports': () => sweepAccountingExports(prisma),
}

import 'server-only'
import type { TaskHandlers } from '@/lib/jobs/define'
import type { paymentTaskDefinitions } from './jobs'

export const paymentTaskHandlers: TaskHandlers<typeof paymentTaskDefinitions> = {}

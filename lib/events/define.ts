import type { TaskName, TaskPayload } from '@/lib/jobs/definitions'
import type { LifecycleEventName, LifecycleEventPayload } from './catalog'

/**
 * One subscriber: when `event` happens, enqueue `task` with the payload made from the event, under a job key made
 * from the event (so the key of each follow-up job is defined here, once). Subscribers run as outbox jobs in the
 * event's transaction: the follow-up exists if and only if the fact it reacts to committed.
 */
export type Subscriber<E extends LifecycleEventName = LifecycleEventName, T extends TaskName = TaskName> = {
  event: E
  task: T
  payload: (e: LifecycleEventPayload<E>) => TaskPayload<T>
  jobKey: (e: LifecycleEventPayload<E>) => string
}

export const subscribe = <E extends LifecycleEventName, T extends TaskName>(
  event: E,
  task: T,
  payload: (e: LifecycleEventPayload<E>) => TaskPayload<T>,
  jobKey: (e: LifecycleEventPayload<E>) => string,
): Subscriber => ({ event, task, payload, jobKey }) as unknown as Subscriber

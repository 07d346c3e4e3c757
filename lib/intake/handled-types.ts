import { inboundHandlers } from './handlers'

/** Whether some handler acts on this (provider, type); others are stored IGNORED and never queued. */
export const isHandled = (provider: string, type: string) =>
  Boolean(inboundHandlers[provider] && Object.hasOwn(inboundHandlers[provider], type))

// hoodiecrow-imap ships no types; only what sandbox/imap uses.
declare module 'hoodiecrow-imap' {
  import type { Server } from 'node:net'
  export type HoodiecrowMessage = { uid: number; flags: string[]; internaldate: string; raw: string }
  export type HoodiecrowMailbox = {
    path: string
    uidvalidity: number
    uidnext: number
    messages: HoodiecrowMessage[]
    folders?: Record<string, Partial<HoodiecrowMailbox>>
  }
  export type HoodiecrowServer = {
    server: Server
    storage: Record<
      string,
      Partial<HoodiecrowMailbox> & { folders?: Record<string, unknown>; separator?: string }
    >
    folderCache: Record<string, HoodiecrowMailbox>
    listen(port: number, host: string, cb: () => void): void
    close(cb?: () => void): void
    getMailbox(path: string): HoodiecrowMailbox | undefined
    appendMessage(
      mailbox: string,
      flags: string[],
      internaldate: Date,
      raw: string,
    ): { message: HoodiecrowMessage }
    on(event: 'notify', fn: (n: unknown) => void): void
  }
  export default function hoodiecrow(options: {
    plugins?: string[]
    users?: Record<string, { password: string; xoauth2?: { accessToken: string; sessionTimeout: number } }>
    storage?: Record<string, unknown>
    debug?: boolean
  }): HoodiecrowServer
}

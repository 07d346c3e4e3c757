// PayU emulator of the provider sandbox: REST API v2.1 with OAuth, the hosted pay page (BLIK, bank transfer),
// signed notifications resent on PayU's schedule, and a control API for faults and delivery games. See README.md.
import type { ServerResponse } from 'node:http'
import { type Fault, Faults } from '../lib/faults.ts'
import type { Emulator, SandboxRequest } from '../lib/http.ts'
import { handleApi, sendPayu } from './api.ts'
import { handleControl } from './control.ts'
import { PayuCore, type PosConfig } from './core.ts'
import { faultStatusCode } from './faults.ts'
import { Notifier } from './notify.ts'
import { handlePayPage } from './page.ts'
import { Scheduler, type SignatureAlgorithm } from './util.ts'

export { retryScheduleMinutes } from './notify.ts'
export { signNotification } from './util.ts'

/** PayU's public sandbox test POS; the offline demo uses the same values. */
export const demoPos = {
  posId: '300746',
  clientId: '300746',
  clientSecret: '2ee86a66e5d97e3fadc400c9f19b065d',
  secondKey: 'b6ca15b0d1020e8094d9b5f8d163db54',
} as const

export type PayuEmulatorOptions = {
  /** Base URL browsers use to reach the sandbox; redirectUri points there. */
  publicUrl: string
  posId?: string
  clientId?: string
  clientSecret?: string
  /** The POS "second key (MD5)": notifications are signed with hash(body + secondKey). */
  secondKey?: string
  /** Default 'MD5' (PayU's default); 'SHA-256' when the POS is set up so. */
  signatureAlgorithm?: SignatureAlgorithm
  /** Default true. Off: paid orders wait in WAITING_FOR_CONFIRMATION for capture or cancel. */
  autoReceive?: boolean
  /** OAuth token lifetime. Default 43199 (about 12 h, as PayU). */
  tokenLifetimeSeconds?: number
  /** How long one minute of PayU's resend schedule (1m, 2m, 5m, ... 72h) lasts. Default 60000 (real time). */
  retryMinuteMs?: number
  /** A receiver that has not answered within this long counts as failed. Default 10000. */
  deliveryTimeoutMs?: number
  /** Refunds finalize after this long; null keeps them PENDING until the control API decides. Default 1000. */
  refundAutoFinalizeMs?: number | null
  /** Notification URL for orders created without notifyUrl (PayU uses the POS setting). Default none. */
  defaultNotifyUrl?: string | null
  /** Shown on the pay page. Default 'Hookline'. */
  merchantName?: string
}

export function createPayuEmulator(opts: PayuEmulatorOptions): Emulator {
  const initial: PosConfig = {
    posId: opts.posId || demoPos.posId,
    clientId: opts.clientId || demoPos.clientId,
    clientSecret: opts.clientSecret || demoPos.clientSecret,
    secondKey: opts.secondKey || demoPos.secondKey,
    signatureAlgorithm: opts.signatureAlgorithm ?? 'MD5',
    autoReceive: opts.autoReceive ?? true,
    tokenLifetimeSeconds: opts.tokenLifetimeSeconds ?? 43_199,
    refundAutoFinalizeMs: opts.refundAutoFinalizeMs === undefined ? 1000 : opts.refundAutoFinalizeMs,
    defaultNotifyUrl: opts.defaultNotifyUrl ?? null,
  }
  const scheduler = new Scheduler()
  const faults = new Faults('/api/v2_1')
  let core: PayuCore
  const notifier = new Notifier(
    {
      minuteMs: opts.retryMinuteMs ?? 60_000,
      deliveryTimeoutMs: opts.deliveryTimeoutMs ?? 10_000,
      signing: () => ({ secondKey: core.config.secondKey, algorithm: core.config.signatureAlgorithm }),
    },
    scheduler,
  )
  core = new PayuCore(opts.publicUrl.replace(/\/$/, ''), { ...initial }, scheduler, (n) =>
    notifier.dispatch(n),
  )
  const getCore = () => core
  const merchantName = opts.merchantName ?? 'Hookline'

  const reset = () => {
    scheduler.reset()
    notifier.reset()
    core.reset(initial)
    faults.clear()
  }

  /** Returns true when the fault answered the request itself. */
  async function applyFault(fault: Fault, r: SandboxRequest, res: ServerResponse): Promise<boolean> {
    if (fault.mode === 'error') {
      sendPayu(res, fault.status, {
        status: {
          statusCode: faultStatusCode(fault.status),
          severity: 'ERROR',
          statusDesc: `Injected fault (sandbox): ${r.method} ${r.url.pathname} answered ${fault.status}`,
        },
      })
      return true
    }
    await scheduler.sleep(fault.delayMs)
    if (fault.after === 'close') {
      r.req.socket.destroy()
      return true
    }
    return false
  }

  return {
    name: 'payu',
    async handle(r, res) {
      const path = r.url.pathname
      if (path === '/_sandbox/payu' || path.startsWith('/_sandbox/payu/')) {
        await handleControl(r, res, { core: getCore, notifier, faults, reset })
        return true
      }
      const isApi = path.startsWith('/api/v2_1/') || path === '/pl/standard/user/oauth/authorize'
      const isPage = path === '/payu/pay' || path.startsWith('/payu/pay/')
      if (!isApi && !isPage) return false
      if (isApi) {
        const fault = faults.take(r.method.toUpperCase(), path)
        if (fault && (await applyFault(fault, r, res))) return true
        await handleApi(r, res, core)
        return true
      }
      return handlePayPage(r, res, { core: getCore, merchantName })
    },
    async close() {
      scheduler.close()
      notifier.close()
    },
  }
}

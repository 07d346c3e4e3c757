// Entry point of the provider sandbox process: `tsx sandbox/main.ts`. Configured only through env.

import { createApaczkaEmulator } from './apaczka/index.ts'
import { createImapEmulator } from './imap/index.ts'
import { createInpostEmulator } from './inpost/index.ts'
import { createPayuEmulator } from './payu/index.ts'
import { createResendEmulator } from './resend/index.ts'
import { startSandbox } from './server.ts'
import { createStripeEmulator } from './stripe/index.ts'

const num = (v: string | undefined, d: number) => (v ? Number(v) : d)
const port = num(process.env.SANDBOX_PORT, 12111)
// The shop's mailbox over IMAP; the app's worker reads it (npm start points IMAP_* here).
const imap = await createImapEmulator({
  port: num(process.env.SANDBOX_IMAP_PORT, port + 32),
  users: [
    {
      user: process.env.SANDBOX_IMAP_USER || 'orders@hookline.test',
      password: process.env.SANDBOX_IMAP_PASSWORD || 'hookline-imap-demo',
    },
  ],
  folders: ['Support'],
  statePath:
    process.env.SANDBOX_IMAP_STATE && process.env.SANDBOX_IMAP_STATE !== 'memory'
      ? process.env.SANDBOX_IMAP_STATE
      : undefined,
})

const sandbox = await startSandbox({
  port,
  publicUrl: process.env.SANDBOX_PUBLIC_URL,
  emulators: ({ publicUrl }) => [
    createStripeEmulator({
      publicUrl,
      webhookUrl: process.env.STRIPE_WEBHOOK_URL,
      webhookSecret: process.env.STRIPE_WEBHOOK_SECRET,
      retryBaseMs: num(process.env.SANDBOX_RETRY_BASE_MS, 1000),
      asyncPaymentDelayMs: num(process.env.SANDBOX_ASYNC_PAYMENT_DELAY_MS, 3000),
    }),
    createResendEmulator({
      publicUrl,
      webhookUrl: process.env.RESEND_WEBHOOK_URL,
      webhookSecret: process.env.RESEND_WEBHOOK_SECRET,
      retryBaseMs: num(process.env.SANDBOX_RETRY_BASE_MS, 1000),
      deliverReply: (raw) => imap.deliver(raw),
    }),
    // PayU: unset values fall back to PayU's public sandbox POS (sandbox/payu/README.md); the app uses the same.
    createPayuEmulator({
      publicUrl,
      posId: process.env.PAYU_POS_ID,
      clientId: process.env.PAYU_CLIENT_ID,
      clientSecret: process.env.PAYU_CLIENT_SECRET,
      secondKey: process.env.PAYU_SECOND_KEY,
      signatureAlgorithm: process.env.PAYU_SANDBOX_SIGNATURE_ALGORITHM === 'SHA-256' ? 'SHA-256' : 'MD5',
      autoReceive: process.env.PAYU_SANDBOX_AUTO_RECEIVE !== 'false',
      // one minute of PayU's resend schedule (1m, 2m, 5m, ...) lasts SANDBOX_RETRY_BASE_MS
      retryMinuteMs: num(process.env.SANDBOX_RETRY_BASE_MS, 1000),
      refundAutoFinalizeMs: num(process.env.PAYU_SANDBOX_REFUND_DELAY_MS, 1000),
    }),
    createInpostEmulator({
      webhookUrl: process.env.INPOST_WEBHOOK_URL,
      organizationId: num(process.env.INPOST_ORGANIZATION_ID, 1),
      token: process.env.INPOST_API_TOKEN,
      retryBaseMs: num(process.env.SANDBOX_RETRY_BASE_MS, 1000),
      stepDelayMs: num(process.env.SANDBOX_SHIPMENT_STEP_MS, 300),
      statusClockMs: num(process.env.SANDBOX_SHIPMENT_CLOCK_MS, 0),
    }),
    createApaczkaEmulator({
      appId: process.env.APACZKA_APP_ID,
      appSecret: process.env.APACZKA_APP_SECRET,
      statusClockMs: num(process.env.SANDBOX_SHIPMENT_CLOCK_MS, 0),
    }),
    imap,
  ],
})
console.info(
  `[sandbox] listening on ${sandbox.url} (Stripe API /v1, Resend API /resend, PayU API /api/v2_1, InPost /inpost/v1, Apaczka /apaczka/api/v2, inbox /inbox); IMAP on 127.0.0.1:${imap.port}`,
)
const stop = async () => {
  await sandbox.close()
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)

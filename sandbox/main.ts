// Entry point of the provider sandbox process: `tsx sandbox/main.ts`. Configured only through env.
import { createResendEmulator } from './resend/index.ts'
import { startSandbox } from './server.ts'
import { createStripeEmulator } from './stripe/index.ts'

const num = (v: string | undefined, d: number) => (v ? Number(v) : d)
const port = num(process.env.SANDBOX_PORT, 12111)

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
    }),
  ],
})
console.info(`[sandbox] listening on ${sandbox.url} (Stripe API /v1, Resend API /resend, inbox /inbox)`)
const stop = async () => {
  await sandbox.close()
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)

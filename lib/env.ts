import 'server-only'
import { z } from 'zod'

// The one place that reads process.env. Every variable is documented in the README's env table.
// The browser sees none of these: there are no NEXT_PUBLIC_ variables.

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')
const minutes = z.coerce.number().int().positive()

export const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  APP_URL: z.url().default('http://localhost:3000'),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters (openssl rand -base64 32)'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  UNPAID_ORDER_TTL_MINUTES: minutes.default(60),
  /** enables /api/bench/* (the framework floor for npm run bench:webhooks); never in production */
  BENCH_ROUTES: bool.default(false),

  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_/, 'must be a Stripe secret key (sk_test_... or sk_live_...)'),
  STRIPE_WEBHOOK_SECRET: z.string().startsWith('whsec_', 'must be a webhook signing secret (whsec_...)'),
  /** only for the local sandbox (http://127.0.0.1:12111); unset means api.stripe.com */
  STRIPE_API_BASE: z.url().optional(),
  STRIPE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(10_000),
  STRIPE_MAX_NETWORK_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  // Stripe wants 30 min to 24 h; the expiry is derived from the attempt's creation (so a retry sends the same
  // parameters), which leaves a retry window of (this - 30) minutes
  CHECKOUT_SESSION_TTL_MINUTES: z.coerce
    .number()
    .int()
    .min(31)
    .max(24 * 60)
    .default(45),
  RECONCILE_AFTER_MINUTES: minutes.default(15),

  // PayU (REST API v2.1): all four of POS id, client id, client secret and second key turn it on
  PAYU_API_BASE: z.url().default('https://secure.payu.com'),
  PAYU_POS_ID: z.string().regex(/^\d+$/, 'must be the numeric POS id').optional(),
  PAYU_CLIENT_ID: z.string().min(1).optional(),
  PAYU_CLIENT_SECRET: z.string().min(1).optional(),
  PAYU_SECOND_KEY: z.string().min(8, 'must be the POS second key (MD5)').optional(),
  /** where PayU sends notifications; default APP_URL/api/webhooks/payu */
  PAYU_NOTIFY_URL: z.url().optional(),
  PAYU_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(10_000),
  /** methods the checkout offers, in order; a method whose provider is not configured is left out */
  CHECKOUT_METHODS: z
    .string()
    .default('card,blik,bank_transfer')
    .transform((v) =>
      v
        .split(',')
        .map((m) => m.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(['card', 'blik', 'bank_transfer'])).min(1)),

  RESEND_API_KEY: z.string().startsWith('re_', 'must be a Resend API key (re_...)'),
  /** only for the local sandbox (http://127.0.0.1:12111/resend); unset means api.resend.com */
  RESEND_BASE_URL: z.url().optional(),
  RESEND_WEBHOOK_SECRET: z
    .string()
    .startsWith('whsec_', 'must be a Resend webhook signing secret (whsec_...)'),
  EMAIL_FROM: z.string().min(3).default('Hookline Demo Shop <shop@hookline.test>'),
  STAFF_ALERT_EMAIL: z.email().default('staff@hookline.test'),

  // Inbound email (lib/inbox): one mailbox from IMAP_*, or several as a JSON list in IMAP_MAILBOXES.
  IMAP_HOST: z.string().min(1).optional(),
  IMAP_PORT: z.coerce.number().int().min(1).max(65535).default(993),
  IMAP_SECURE: bool.default(true),
  IMAP_USER: z.string().min(1).optional(),
  IMAP_PASSWORD: z.string().min(1).optional(),
  /** OAuth2 access token (Gmail, Microsoft 365) instead of a password (XOAUTH2) */
  IMAP_ACCESS_TOKEN: z.string().min(1).optional(),
  IMAP_FOLDERS: z.string().default('INBOX'),
  IMAP_MAILBOXES: z.string().optional(),
  /** the address customers write to; replies carry its plus-address, e.g. orders+HL-2026-000123@shop.pl */
  INBOUND_ADDRESS: z.email().default('orders@hookline.test'),
  INBOX_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(25 * 1024 * 1024),
  INBOX_MAX_ATTACHMENT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),

  /**
   * the request header the reverse proxy in front of the app sets to the client's address (x-forwarded-for,
   * x-real-ip, cf-connecting-ip, ...); unset means no header is trusted and every client counts as one address
   */
  TRUSTED_PROXY_HEADER: z
    .string()
    .regex(/^[a-z0-9-]+$/i, 'a header name, e.g. x-forwarded-for')
    .transform((h) => h.toLowerCase())
    .optional(),
  /** for x-forwarded-for: how many proxies append to it (the client is that many entries from the right) */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
  /** ShipX base URL: the sandbox's http://127.0.0.1:12111/inpost, or https://sandbox-api-shipx-pl.easypack24.net */
  INPOST_API_URL: z.url().default('https://api-shipx-pl.easypack24.net'),
  /** ShipX API token (Manager Paczek > My account > API); unset: InPost methods cannot book shipments */
  INPOST_API_TOKEN: z.string().min(1).optional(),
  INPOST_ORGANIZATION_ID: z.coerce.number().int().positive().optional(),
  /** comma-separated IPv4 CIDR ranges InPost webhooks may come from (they are unsigned) */
  INPOST_WEBHOOK_SOURCES: z
    .string()
    .default('91.216.25.0/24')
    .refine(
      (v) => v.split(',').every((c) => /^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?$/.test(c.trim())),
      'must be comma-separated IPv4 ranges, e.g. 91.216.25.0/24',
    ),
  /** trust the first X-Forwarded-For address (only behind a proxy that sets it) */
  INPOST_WEBHOOK_TRUST_PROXY: bool.default(false),
  INPOST_TRACKING_URL: z.url().default('https://inpost.pl/sledzenie-przesylek?number='),
  INPOST_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(10_000),
  /** Apaczka Web API v2 base (ends with /api/v2/) */
  APACZKA_API_URL: z.url().default('https://www.apaczka.pl/api/v2/'),
  APACZKA_APP_ID: z.string().min(1).optional(),
  APACZKA_APP_SECRET: z.string().min(1).optional(),
  APACZKA_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(10_000),
  /** the sender phone on courier bookings (9 digits) */
  SHIPPING_SENDER_PHONE: z
    .string()
    .regex(/^(\+48)?\d{9}$/, 'must be a Polish phone number (9 digits)')
    .default('500600700'),
  /** a shipment whose status has not moved for this long is asked about (the webhook may have been missed) */
  SHIPMENT_POLL_AFTER_HOURS: z.coerce.number().positive().default(6),
})

export type TEnv = z.infer<typeof ZEnv>

export function parseEnv(source: Record<string, string | undefined>): TEnv {
  // empty strings count as unset, so `FOO=` in a shell does not defeat a default
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''))
  const result = ZEnv.safeParse(cleaned)
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`)
    throw new Error(
      `Invalid environment configuration:\n${lines.join('\n')}\nSee the README's "Configuration" table.`,
    )
  }
  return result.data
}

export const env: TEnv = parseEnv(process.env)

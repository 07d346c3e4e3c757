import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ActionState } from '@/lib/actions/safe-action'
import { resetDb } from '@/test/db'

// The role matrix: every staff server action, called the way Next calls it, by each role. Only the session lookup
// is replaced (getActor); the permission check, the domain code, PostgreSQL and the audit log are the real ones.
const session = vi.hoisted(() => ({
  current: null as null | { userId: string; email: string; role: string },
}))
vi.mock('@/lib/auth', () => ({ getActor: async () => session.current }))
vi.mock('next/cache', () => ({ revalidatePath: () => {} }))
// no request here to read the language cookie from
vi.mock('@/lib/i18n/server', () => ({ getLocale: async () => 'en' }))

const admin = await import('./actions')
const { resendEmailAction } = await import('./emails/actions')
const { retryOrderInvoicesAction, updateInvoiceBuyerAction } = await import('./invoices/actions')
const { saveShopSettingsAction } = await import('./settings/actions')
const staff = await import('./staff/actions')
const exportsActions = await import('./exports/actions')
const { lastClosedMonth } = await import('@/lib/accounting/month')
const { prisma } = await import('@/lib/db')
const { createOrder, createPaidOrder, SELLER_FORM } = await import('@/lib/invoices/testing/orders')
const { requireStaffPage } = await import('@/lib/auth/require-staff')

const form = (data: Record<string, string>) => {
  const f = new FormData()
  for (const [k, v] of Object.entries(data)) f.set(k, v)
  return f
}

type Role = 'OWNER' | 'STAFF' | 'ACCOUNTANT' | 'CUSTOMER'
const ROLES: Role[] = ['OWNER', 'STAFF', 'ACCOUNTANT', 'CUSTOMER']

async function signInAs(role: Role) {
  const u = await prisma.user.create({
    data: { email: `${role.toLowerCase()}-${crypto.randomUUID().slice(0, 8)}@hookline.test`, role },
  })
  session.current = { userId: u.id, email: u.email, role }
  return u
}

type Case = {
  action: (prev: ActionState, f: FormData) => Promise<ActionState>
  allowed: Role[]
  /** creates what the action works on; returns the form and a check of the effect (true = it happened) */
  setup: () => Promise<{ form: FormData; happened: () => Promise<boolean> }>
  auditAction: string
}

const paidOrderWithPayment = async () => {
  const order = await createPaidOrder(prisma, { enqueue: false })
  await prisma.payment.create({
    data: {
      orderId: order.id,
      attempt: 1,
      idempotencyKey: `order/${order.id}/checkout/1`,
      status: 'COMPLETED',
      providerPaymentId: `pi_${crypto.randomUUID().slice(0, 8)}`,
      amountMinor: order.totalGrossMinor,
      currency: 'PLN',
    },
  })
  return order
}

const CASES: Record<string, Case> = {
  'cancel an order': {
    action: admin.cancelOrderAction,
    allowed: ['OWNER', 'STAFF'],
    auditAction: 'order.cancel',
    setup: async () => {
      const o = await createOrder(prisma)
      return {
        form: form({ orderId: o.id, reason: 'customer asked' }),
        happened: async () =>
          (await prisma.order.findUniqueOrThrow({ where: { id: o.id } })).status === 'CANCELLED',
      }
    },
  },
  'refund an order': {
    action: admin.refundOrderAction,
    allowed: ['OWNER', 'STAFF'],
    auditAction: 'refund.create',
    setup: async () => {
      const o = await paidOrderWithPayment()
      return {
        form: form({ orderId: o.id, amount: '10.00', reason: 'damaged' }),
        happened: async () =>
          (await prisma.refund.count({ where: { orderId: o.id, amountMinor: 1000 } })) === 1,
      }
    },
  },
  'resend an email': {
    action: resendEmailAction,
    allowed: ['OWNER', 'STAFF'],
    auditAction: 'email.resend',
    setup: async () => {
      const m = await prisma.emailMessage.create({
        data: {
          idempotencyKey: `t/${crypto.randomUUID()}`,
          template: 'order-received',
          toAddress: 'a@example.com',
          status: 'SENT',
          props: {},
        },
      })
      return {
        form: form({ emailMessageId: m.id }),
        happened: async () => (await prisma.emailMessage.count({ where: { resendOfId: m.id } })) === 1,
      }
    },
  },
  'retry invoicing': {
    action: retryOrderInvoicesAction,
    allowed: ['OWNER', 'STAFF'],
    auditAction: 'order.invoice_retry',
    setup: async () => {
      const o = await createPaidOrder(prisma, { enqueue: false })
      const jobs = async () =>
        Number(
          (
            await prisma.$queryRaw<{ c: bigint }[]>`
              SELECT count(*) c FROM graphile_worker.jobs WHERE key = ${`order/${o.id}/invoice`}`
          )[0]!.c,
        )
      return { form: form({ orderId: o.id }), happened: async () => (await jobs()) === 1 }
    },
  },
  "correct an order's buyer data": {
    action: updateInvoiceBuyerAction,
    allowed: ['OWNER', 'STAFF'],
    auditAction: 'order.buyer_update',
    setup: async () => {
      const o = await createOrder(prisma, { companyName: 'Old Sp. z o.o.', nip: '1234567890' })
      return {
        form: form({ orderId: o.id, companyName: 'Nowa Sp. z o.o.', nip: '5260250274' }),
        happened: async () =>
          (await prisma.order.findUniqueOrThrow({ where: { id: o.id } })).nip === '5260250274',
      }
    },
  },
  'save shop settings': {
    action: saveShopSettingsAction,
    allowed: ['OWNER'],
    auditAction: 'settings.update',
    setup: async () => ({
      form: form(Object.fromEntries(Object.entries(SELLER_FORM).map(([k, v]) => [k, String(v)]))),
      happened: async () => (await prisma.shopSettings.count()) === 1,
    }),
  },
  'retry a dead job': {
    action: admin.retryJobAction,
    allowed: ['OWNER'],
    auditAction: 'job.retry',
    setup: async () => {
      const f = await prisma.jobFailure.create({
        data: { taskName: 'sweep-unpaid-orders', payload: {}, error: 'x', attempts: 3, isPermanent: false },
      })
      return {
        form: form({ failureId: f.id }),
        happened: async () =>
          (await prisma.jobFailure.findUniqueOrThrow({ where: { id: f.id } })).retriedAt !== null,
      }
    },
  },
  'add a staff member': {
    action: staff.createStaffAction,
    allowed: ['OWNER'],
    auditAction: 'staff.create',
    setup: async () => {
      const email = `new-${crypto.randomUUID().slice(0, 8)}@hookline.test`
      return {
        form: form({ email, name: 'Nowa Osoba', role: 'STAFF', password: 'a-long-first-password' }),
        happened: async () => (await prisma.user.count({ where: { email } })) === 1,
      }
    },
  },
  "change someone's role": {
    action: staff.changeStaffRoleAction,
    allowed: ['OWNER'],
    auditAction: 'staff.role_change',
    setup: async () => {
      const u = await prisma.user.create({
        data: { email: `x-${crypto.randomUUID()}@hookline.test`, role: 'STAFF' },
      })
      return {
        form: form({ userId: u.id, role: 'ACCOUNTANT' }),
        happened: async () =>
          (await prisma.user.findUniqueOrThrow({ where: { id: u.id } })).role === 'ACCOUNTANT',
      }
    },
  },
  "revoke someone's access": {
    action: staff.setStaffAccessAction,
    allowed: ['OWNER'],
    auditAction: 'staff.disable',
    setup: async () => {
      const u = await prisma.user.create({
        data: { email: `y-${crypto.randomUUID()}@hookline.test`, role: 'STAFF' },
      })
      return {
        form: form({ userId: u.id, access: 'revoke' }),
        happened: async () => {
          const after = await prisma.user.findUniqueOrThrow({ where: { id: u.id } })
          return after.disabledAt !== null && after.sessionVersion === 1
        },
      }
    },
  },
  'require 2FA for all staff': {
    action: staff.setRequireTotpAction,
    allowed: ['OWNER'],
    auditAction: 'security.update',
    setup: async () => ({
      form: form({ requireStaffTotp: 'on' }),
      happened: async () =>
        (await prisma.securitySettings.findUnique({ where: { id: 1 } }))?.requireStaffTotp === true,
    }),
  },
  'generate an accounting export': {
    action: exportsActions.generateExportAction,
    allowed: ['OWNER'],
    auditAction: 'accounting_export.generate',
    setup: async () => ({
      form: form({ month: lastClosedMonth(new Date()) }),
      happened: async () => (await prisma.accountingExport.count()) === 1,
    }),
  },
  'save the accounting settings': {
    action: exportsActions.saveAccountingSettingsAction,
    allowed: ['OWNER'],
    auditAction: 'settings.update',
    setup: async () => ({
      form: form({ taxOfficeCode: '1471' }),
      happened: async () =>
        (await prisma.accountingSettings.findUnique({ where: { id: 1 } }))?.taxOfficeCode === '1471',
    }),
  },
}

describe('role matrix: every staff action, by every role', () => {
  beforeEach(resetDb)

  for (const [name, c] of Object.entries(CASES)) {
    for (const role of ROLES) {
      const isAllowed = c.allowed.includes(role)
      it(`${role} ${isAllowed ? 'may' : 'may not'} ${name}`, async () => {
        const actor = await signInAs(role)
        const { form: f, happened } = await c.setup()
        const result = await c.action(null, f)
        if (isAllowed) {
          expect(result).toMatchObject({ ok: true })
          expect(await happened()).toBe(true)
          const entries = await prisma.auditLog.findMany()
          expect(entries).toHaveLength(1)
          expect(entries[0]).toMatchObject({
            actorId: actor.id,
            actorEmail: actor.email,
            actorRole: role,
            action: c.auditAction,
          })
        } else {
          expect(result).toEqual({
            ok: false,
            message: 'You are not allowed to do this.',
            values: expect.any(Object),
          })
          expect(await happened()).toBe(false)
          expect(await prisma.auditLog.count()).toBe(0)
        }
      })
    }
  }

  it('nobody signed in is asked to sign in and changes nothing', async () => {
    session.current = null
    const { form: f, happened } = await CASES['cancel an order']!.setup()
    expect(await admin.cancelOrderAction(null, f)).toMatchObject({ ok: false, message: 'Please sign in.' })
    expect(await happened()).toBe(false)
  })

  it('a role change takes effect on the next request: the session carries no role of its own', async () => {
    // getActor reads the role from the database (lib/auth); here the mocked session follows the row like it does
    const owner = await signInAs('OWNER')
    const other = await prisma.user.create({ data: { email: 'second@hookline.test', role: 'OWNER' } })
    expect(await staff.changeStaffRoleAction(null, form({ userId: owner.id, role: 'STAFF' }))).toMatchObject({
      ok: true,
    })
    // the last active owner cannot demote themself
    session.current = { userId: other.id, email: other.email, role: 'OWNER' }
    expect(await staff.changeStaffRoleAction(null, form({ userId: other.id, role: 'STAFF' }))).toMatchObject({
      ok: false,
      message: 'The shop needs at least one active owner: make someone else owner first.',
    })
    expect((await prisma.user.findUniqueOrThrow({ where: { id: other.id } })).role).toBe('OWNER')
  })
})

describe('admin pages check their permission in one place', () => {
  const PAGES: [string, Parameters<typeof requireStaffPage>[1], Role[]][] = [
    ['/admin/orders', 'orders.read', ['OWNER', 'STAFF', 'ACCOUNTANT']],
    ['/admin/invoices', 'invoices.read', ['OWNER', 'STAFF', 'ACCOUNTANT']],
    ['/admin/emails', 'correspondence.read', ['OWNER', 'STAFF']],
    ['/admin/settings', 'settings.read', ['OWNER']],
    ['/admin/exports', 'exports.read', ['OWNER', 'ACCOUNTANT']],
    ['/admin/staff', 'staff.manage', ['OWNER']],
    ['/admin/audit', 'audit.read', ['OWNER']],
  ]
  const where = async (fn: () => Promise<unknown>) => {
    try {
      await fn()
      return 'page'
    } catch (err) {
      const digest = (err as { digest?: string }).digest ?? ''
      // NEXT_REDIRECT;replace;/admin/forbidden?need=...;307;
      return digest.split(';')[2] ?? String(err)
    }
  }
  it.each(PAGES)('%s (%s)', async (path, permission, allowed) => {
    for (const role of ROLES) {
      session.current = { userId: crypto.randomUUID(), email: 'x@hookline.test', role }
      const expected = allowed.includes(role)
        ? 'page'
        : role === 'CUSTOMER'
          ? `/signin?callbackUrl=${encodeURIComponent(path)}`
          : `/admin/forbidden?need=${encodeURIComponent(permission)}`
      expect(await where(() => requireStaffPage(path, permission)), role).toBe(expected)
    }
  })
})

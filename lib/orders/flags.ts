import type { Prisma } from '@/generated/prisma/client'
import type { Db, DbTx } from '@/lib/db'

// Order flags: "something about this order needs staff", raised and cleared by the domain that knows, in the
// transaction that finds it. At most one open flag per (order, code); the order's needsAttention mirrors
// "has an open flag" so lists can filter on it cheaply. A flag is also the order timeline's record of the problem.

export type TRaiseFlag = {
  /** the domain raising it: 'payments', 'invoices', 'email', 'shipping', 'ksef', ... */
  source: string
  /** stable machine code, e.g. 'payment.amount_mismatch'; clearing works by code */
  code: string
  message: string
  data?: Prisma.InputJsonValue
}

/** Raises (or refreshes the message of) the open flag with this code on the order. */
export async function raiseOrderFlag(tx: DbTx, orderId: string, flag: TRaiseFlag) {
  // the order row lock serialises raise/clear of one order's flags (and is usually held by the caller already)
  await tx.$queryRaw`SELECT id FROM orders WHERE id = ${orderId}::uuid FOR UPDATE`
  const open = await tx.orderFlag.findFirst({ where: { orderId, code: flag.code, clearedAt: null } })
  const message = flag.message.slice(0, 2000)
  if (open) {
    if (open.message !== message)
      await tx.orderFlag.update({ where: { id: open.id }, data: { message, data: flag.data } })
  } else {
    await tx.orderFlag.create({
      data: { orderId, source: flag.source, code: flag.code, message, data: flag.data },
    })
  }
  await tx.order.update({ where: { id: orderId }, data: { needsAttention: true } })
  return { isNew: !open }
}

/** Clears the open flag(s) with these codes (or, with a prefix `code.*`, every code under it). */
export async function clearOrderFlags(tx: DbTx, orderId: string, codes: string[], by: string) {
  const exact = codes.filter((c) => !c.endsWith('.*'))
  const prefixes = codes.filter((c) => c.endsWith('.*')).map((c) => c.slice(0, -1))
  const { count } = await tx.orderFlag.updateMany({
    where: {
      orderId,
      clearedAt: null,
      OR: [{ code: { in: exact } }, ...prefixes.map((p) => ({ code: { startsWith: p } }))],
    },
    data: { clearedAt: new Date(), clearedBy: by },
  })
  if (count > 0) await syncNeedsAttention(tx, orderId)
  return { cleared: count }
}

/** Staff dismiss one flag by id. */
export async function clearOrderFlagById(db: Db, flagId: string, by: string) {
  return db.$transaction(async (tx) => {
    const flag = await tx.orderFlag.findUnique({ where: { id: flagId } })
    if (!flag || flag.clearedAt) return { cleared: 0 }
    await tx.orderFlag.update({ where: { id: flagId }, data: { clearedAt: new Date(), clearedBy: by } })
    await syncNeedsAttention(tx, flag.orderId)
    return { cleared: 1 }
  })
}

async function syncNeedsAttention(tx: DbTx, orderId: string) {
  const open = await tx.orderFlag.count({ where: { orderId, clearedAt: null } })
  await tx.order.update({ where: { id: orderId }, data: { needsAttention: open > 0 } })
}

export const openOrderFlags = (db: Db | DbTx, orderId: string) =>
  db.orderFlag.findMany({ where: { orderId, clearedAt: null }, orderBy: { raisedAt: 'asc' } })

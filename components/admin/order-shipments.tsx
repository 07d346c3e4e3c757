import { cancelShipmentAction, requestShipmentAction } from '@/app/admin/shipments/actions'
import { ActionForm } from '@/components/admin/action-form'
import { prisma } from '@/lib/db'
import { shippingAdminMessages } from '@/lib/i18n/admin/shipping'
import { getLocale } from '@/lib/i18n/server'
import { formatDate } from '@/lib/money'
import { getShipmentsForStaff } from '@/lib/shipping/queries'
import { carrierServiceName } from '@/lib/shipping/seams'

const input = 'mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-sm'

/** The order's shipment panel: create (async, each step shown), labels once confirmed, cancel before dispatch. */
export async function OrderShipments({ orderId, canManage }: { orderId: string; canManage: boolean }) {
  const locale = await getLocale()
  const t = shippingAdminMessages[locale]
  const order = await prisma.order.findUniqueOrThrow({
    where: { id: orderId },
    select: {
      status: true,
      deliveryPoint: true,
      shippingMethod: true,
      lines: { select: { productId: true, quantity: true, product: { select: { weightGrams: true } } } },
    },
  })
  const shipments = await getShipmentsForStaff(prisma, orderId)
  const method = order.shippingMethod
  const isCarrier = method && method.kind !== 'PICKUP'
  const isPaid = order.status === 'PAID' || order.status === 'PARTIALLY_REFUNDED'
  const hasActive = shipments.some((s) => !['CANCELLED', 'FAILED'].includes(s.state))
  const weight = order.lines.reduce((s, l) => s + (l.product?.weightGrams ?? 0) * l.quantity, 0)
  const point = order.deliveryPoint as { name?: string } | null
  return (
    <section aria-labelledby="shipment-heading" className="space-y-3">
      <h2 id="shipment-heading" className="text-lg font-semibold">
        {t.panel}
      </h2>
      {method && (
        <p className="text-sm">
          {t.method}: <strong>{locale === 'pl' ? method.namePl : method.nameEn}</strong>
          {point?.name ? ` · ${t.point}: ${point.name}` : ''}
        </p>
      )}
      {!isCarrier && <p className="text-sm text-stone-600">{t.noCarrier}</p>}
      {shipments.map((s) => (
        <div
          key={s.id}
          className="space-y-2 rounded-md border border-stone-200 p-3 text-sm"
          data-testid="shipment"
        >
          <p>
            #{s.sequence} · {s.carrier}
            {s.carrierServiceId ? ` (${carrierServiceName(s.carrierServiceId)})` : ''} · {t.state}:{' '}
            <strong data-testid="shipment-state">{s.state}</strong> · {t.stage}:{' '}
            <strong data-testid="shipment-stage">{s.stage}</strong>
            {s.trackingNumber && (
              <>
                {' · '}
                {t.tracking}: <span data-testid="shipment-tracking">{s.trackingNumber}</span>
              </>
            )}
          </p>
          {s.isWaitingForProvider && (
            <p className="text-amber-800" role="status">
              {t.waiting}
              {s.lastError ? `: ${s.lastError}` : ''}
            </p>
          )}
          {s.state === 'FAILED' && s.lastError && <p className="text-red-700">{s.lastError}</p>}
          <ol className="flex flex-wrap gap-x-3 text-xs text-stone-600" aria-label={t.steps}>
            {s.events.map((e) => (
              <li key={e.id} data-testid="shipment-step">
                {e.status} <time dateTime={e.createdAt.toISOString()}>{formatDate(e.createdAt, locale)}</time>
              </li>
            ))}
          </ol>
          {s.state === 'CONFIRMED' &&
            (s.labels.length ? (
              <p className="flex gap-3">
                <a className="underline" href={`/admin/shipments/${s.id}/label?size=A6`}>
                  {t.labelA6}
                </a>
                {s.labels.some((l) => l.size === 'A4') && (
                  <a className="underline" href={`/admin/shipments/${s.id}/label?size=A4`}>
                    {t.labelA4}
                  </a>
                )}
              </p>
            ) : (
              <p className="text-stone-600">{t.labelPending}</p>
            ))}
          {s.stage === 'IN_PREPARATION' &&
            ['REQUESTED', 'CREATED', 'OFFERS_PREPARED', 'CONFIRMED'].includes(s.state) && (
              <ActionForm
                action={cancelShipmentAction}
                hidden={{ shipmentId: s.id, orderId }}
                label={t.cancel}
                variant="danger"
                confirm={t.cancelConfirm}
              />
            )}
        </div>
      ))}
      {isCarrier && !hasActive && !isPaid && <p className="text-sm text-stone-600">{t.notPaid}</p>}
      {canManage && isCarrier && !hasActive && isPaid && method && (
        <ActionForm
          action={requestShipmentAction}
          hidden={{ orderId }}
          label={t.create}
          pendingLabel={t.creating}
        >
          <div className="grid gap-3 sm:grid-cols-2">
            <label className="block text-sm">
              {t.template}
              <select name="parcelTemplate" className={input} defaultValue={method.parcelTemplates[0]}>
                {method.parcelTemplates.map((p) => (
                  <option key={p} value={p}>
                    {t.templates[p] ?? p}
                  </option>
                ))}
              </select>
            </label>
            <label className="block text-sm">
              {t.weight}
              <input
                name="weightGrams"
                inputMode="numeric"
                className={input}
                defaultValue={String(Math.max(weight, 100))}
              />
            </label>
            <label className="block text-sm">
              {t.insurance}
              <input name="insurancePln" inputMode="decimal" className={input} />
            </label>
            <label className="block text-sm">
              {t.reference}
              <input name="reference" maxLength={60} className={input} />
            </label>
            {method.kind === 'APACZKA_COURIER' && (
              <label className="block text-sm">
                {t.carrier}
                <select name="carrierServiceId" className={input}>
                  {method.carrierServiceIds.map((id) => (
                    <option key={id} value={id}>
                      {carrierServiceName(id)}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
        </ActionForm>
      )}
    </section>
  )
}

import { prisma } from '@/lib/db'
import type { Locale } from '@/lib/i18n/locales'
import { deliveryMessages } from '@/lib/i18n/shop/delivery'
import { getOrderDelivery } from '@/lib/shipping/queries'

/** The order page's delivery block: method, locker, and each parcel's stage with its tracking link. */
export async function OrderDeliverySection({ orderId, locale }: { orderId: string; locale: Locale }) {
  const d = await getOrderDelivery(prisma, orderId)
  if (!d?.shippingMethod) return null
  const t = deliveryMessages[locale]
  const point = d.deliveryPoint as { name?: string; line1?: string; postCode?: string; city?: string } | null
  return (
    <section aria-labelledby="delivery-heading" className="space-y-2">
      <h2 id="delivery-heading" className="font-semibold">
        {t.shipmentHeading}
      </h2>
      <p className="text-sm">
        {t.method}: {locale === 'pl' ? d.shippingMethod.namePl : d.shippingMethod.nameEn}
      </p>
      {point?.name && (
        <p className="text-sm">
          {t.point}: {point.name}
          {point.line1 ? `, ${point.line1}, ${point.postCode ?? ''} ${point.city ?? ''}` : ''}
        </p>
      )}
      {d.shippingMethod.kind !== 'PICKUP' && (
        <ul className="space-y-1 text-sm">
          {d.shipments.length === 0 ? (
            <li data-testid="delivery-stage">{t.stage.UNFULFILLED}</li>
          ) : (
            d.shipments.map((s) => (
              <li key={s.id}>
                <span data-testid="delivery-stage" className="font-medium">
                  {t.stage[s.stage]}
                </span>
                {s.trackingNumber && (
                  <>
                    {' · '}
                    {t.tracking}: <span data-testid="tracking-number">{s.trackingNumber}</span>
                    {s.trackingUrl && (
                      <>
                        {' · '}
                        <a
                          href={s.trackingUrl}
                          className="underline"
                          rel="noopener noreferrer"
                          target="_blank"
                        >
                          {t.track}
                        </a>
                      </>
                    )}
                  </>
                )}
              </li>
            ))
          )}
        </ul>
      )}
    </section>
  )
}

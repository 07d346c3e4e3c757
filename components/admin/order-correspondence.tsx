import { prisma } from '@/lib/db'
import { inboxStrings } from '@/lib/i18n/admin/inbox'
import { getLocale } from '@/lib/i18n/server'
import { orderCorrespondence } from '@/lib/inbox/queries'
import { Correspondence } from './correspondence'

/** The order page's thread: every email sent about the order and every one received about it. */
export async function OrderCorrespondence({ orderId }: { orderId: string }) {
  const [entries, locale] = await Promise.all([orderCorrespondence(prisma, orderId), getLocale()])
  const t = inboxStrings[locale]
  return (
    <section aria-labelledby="correspondence-heading">
      <h2 id="correspondence-heading" className="text-lg font-semibold">
        {t.correspondence}
      </h2>
      <Correspondence entries={entries} t={t} locale={locale} />
    </section>
  )
}

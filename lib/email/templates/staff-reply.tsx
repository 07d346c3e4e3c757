import { Link, Text } from '@react-email/components'
import { Fragment } from 'react'
import type { Locale } from './format.ts'
import { EmailLayout, styles } from './layout.tsx'

// A person's answer to a customer's email: plain paragraphs, no call to action. Not auto-generated.
export type StaffReplyProps = {
  locale: Locale
  subject: string
  body: string
  orderNumber?: string | null
  /** the order page (send-email fills in the customer's private link) */
  orderUrl?: string | null
}

const copy = { pl: { order: 'Zamówienie' }, en: { order: 'Order' } } satisfies Record<Locale, unknown>

export const subject = (p: Pick<StaffReplyProps, 'subject'>) => p.subject

export function StaffReplyEmail(p: StaffReplyProps) {
  return (
    <EmailLayout locale={p.locale} preview={p.body.slice(0, 90)}>
      {p.body.split(/\r?\n\r?\n/).map((para, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of a fixed text
        <Text key={i} style={styles.p}>
          {para.split(/\r?\n/).map((line, j) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: lines of a fixed text
            <Fragment key={j}>
              {j > 0 ? <br /> : null}
              {line}
            </Fragment>
          ))}
        </Text>
      ))}
      {p.orderNumber && p.orderUrl ? (
        <Text style={styles.p}>
          <Link href={p.orderUrl}>{`${copy[p.locale].order} ${p.orderNumber}`}</Link>
        </Text>
      ) : null}
    </EmailLayout>
  )
}

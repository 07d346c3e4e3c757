// Registry of transactional email templates. Server-side only: rendered by the worker before calling Resend.
import { render } from '@react-email/render'
import { type ComponentType, createElement } from 'react'
import { OrderReceivedEmail, subject as orderReceivedSubject } from './order-received.tsx'
import { PaymentConfirmedEmail, subject as paymentConfirmedSubject } from './payment-confirmed.tsx'
import { RefundConfirmedEmail, subject as refundConfirmedSubject } from './refund-confirmed.tsx'
import { ShipmentStatusEmail, subject as shipmentStatusSubject } from './shipment-status.tsx'
import { SignInLinkEmail, subject as signInLinkSubject } from './sign-in-link.tsx'
import { StaffAlertEmail, subject as staffAlertSubject } from './staff-alert.tsx'
import { StaffReplyEmail, subject as staffReplySubject } from './staff-reply.tsx'

export type { Locale } from './format.ts'
export { formatDateTime, formatMoney } from './format.ts'
export type { OrderLine, OrderReceivedProps } from './order-received.tsx'
export type { PaymentConfirmedProps } from './payment-confirmed.tsx'
export type { RefundConfirmedProps } from './refund-confirmed.tsx'
export type { ShipmentEmailStage, ShipmentStatusProps } from './shipment-status.tsx'
export type { SignInLinkProps } from './sign-in-link.tsx'
export type { StaffAlertProps } from './staff-alert.tsx'
export type { StaffReplyProps } from './staff-reply.tsx'

export const templates = {
  'order-received': { component: OrderReceivedEmail, subject: orderReceivedSubject },
  'payment-confirmed': { component: PaymentConfirmedEmail, subject: paymentConfirmedSubject },
  'refund-confirmed': { component: RefundConfirmedEmail, subject: refundConfirmedSubject },
  'shipment-status': { component: ShipmentStatusEmail, subject: shipmentStatusSubject },
  'sign-in-link': { component: SignInLinkEmail, subject: signInLinkSubject },
  'staff-alert': { component: StaffAlertEmail, subject: staffAlertSubject },
  'staff-reply': { component: StaffReplyEmail, subject: staffReplySubject },
} as const

export type TemplateName = keyof typeof templates
export type TemplateProps<N extends TemplateName> = Parameters<(typeof templates)[N]['component']>[0]
export type RenderedEmail = { subject: string; html: string; text: string }

export const templateNames = Object.keys(templates) as TemplateName[]

export async function renderEmail<N extends TemplateName>(
  name: N,
  props: TemplateProps<N>,
): Promise<RenderedEmail> {
  const template = templates[name]
  if (!template) throw new Error(`unknown email template: ${String(name)}`)
  // The registry is indexed by a generic key, so TypeScript cannot correlate component and props itself.
  const component = template.component as ComponentType<TemplateProps<N>>
  const subject = template.subject as (p: TemplateProps<N>) => string
  const element = createElement(component, props)
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })])
  return { subject: subject(props), html, text }
}

import type { Metadata } from 'next'
import type { ReactNode } from 'react'
import { getLocale } from '@/lib/i18n/server'
import './globals.css'

export const metadata: Metadata = {
  title: { default: 'Hookline Demo Shop', template: '%s · Hookline Demo Shop' },
  description: 'Order, pay and track your order online.',
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale()
  return (
    <html lang={locale}>
      <body className="min-h-screen bg-stone-50 font-sans text-stone-900 antialiased">{children}</body>
    </html>
  )
}

import { createRequire } from 'node:module'
import { Font } from '@react-pdf/renderer'

// The built-in Helvetica has no Polish letters (ą ę ł ń ó ś ź ż come out garbled), so invoices use DejaVu Sans
// from the dejavu-fonts-ttf package, resolved through Node's resolver rather than a hard-coded path.

export const FONT_FAMILY = 'DejaVu Sans'

let registered = false

export function registerInvoiceFonts(paths?: { regular: string; bold: string }) {
  if (registered) return
  const require = createRequire(import.meta.url)
  const regular = paths?.regular ?? require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')
  const bold = paths?.bold ?? require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')
  Font.register({
    family: FONT_FAMILY,
    fonts: [
      { src: regular, fontWeight: 'normal' },
      { src: bold, fontWeight: 'bold' },
    ],
  })
  // Hyphenating product names and NIPs mid-word makes them unreadable (and unsearchable); wrap whole words.
  Font.registerHyphenationCallback((word) => [word])
  registered = true
}

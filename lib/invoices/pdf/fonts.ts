import { createRequire } from 'node:module'
import { Font } from '@react-pdf/renderer'

// The built-in Helvetica has no Polish letters (ą ę ł ń ó ś ź ż come out garbled), so invoices use DejaVu Sans
// from the dejavu-fonts-ttf package, resolved through Node's resolver rather than a hard-coded path.

export const FONT_FAMILY = 'DejaVu Sans'

// Code points whose glyphs are pre-created (Latin, Greek, Cyrillic, punctuation, currency, letterlike
// symbols; not the presentation forms at U+FB00, which would turn "fi" ligatures into U+FB01 in the text).
const PREWARM_RANGES: [number, number][] = [
  [0x20, 0x2ff],
  [0x370, 0x52f],
  [0x1e00, 0x1eff],
  [0x2000, 0x206f],
  [0x20a0, 0x20cf],
  [0x2100, 0x214f],
]

let ready: Promise<void> | null = null

/**
 * Registers the fonts once per process (idempotent; pass paths to override the package's files).
 *
 * It also pre-creates the fonts' glyphs from their code points. fontkit caches one glyph object per glyph id
 * in the font, and the PDF's text layer (ToUnicode) takes a glyph's code points from that object. When a
 * document embeds a composite glyph such as "ć" (drawn from "c" + acute), the subsetter creates the
 * component glyph "c" without code points; every later document in the same process then rendered "c"
 * correctly but extracted it as nothing ("Faktura korygują a"). Glyphs created from their code points first
 * keep them.
 */
export function ensureInvoiceFonts(paths?: { regular: string; bold: string }): Promise<void> {
  ready ??= (async () => {
    const require = createRequire(import.meta.url)
    const regular = paths?.regular ?? require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')
    const bold = paths?.bold ?? require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')
    Font.register({
      family: FONT_FAMILY,
      fonts: [
        { src: regular, fontWeight: 400 },
        { src: bold, fontWeight: 700 },
      ],
    })
    // Hyphenating product names and numbers mid-word makes them unreadable (and unsearchable): wrap words.
    Font.registerHyphenationCallback((word) => [word])
    for (const fontWeight of [400, 700]) {
      const source = Font.getFont({ fontFamily: FONT_FAMILY, fontWeight })
      await source.load()
      const font = source.data
      if (!font || font.type === 'STANDARD') continue
      for (const [from, to] of PREWARM_RANGES) {
        for (let cp = from; cp <= to; cp++) if (font.hasGlyphForCodePoint(cp)) font.glyphForCodePoint(cp)
      }
    }
  })()
  return ready
}

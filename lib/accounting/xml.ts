// characters XML 1.0 allows: tab, LF, CR and everything from U+0020 on, except surrogates and U+FFFE/U+FFFF
const NEEDS_WORK = /[&<>"]|[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

/** Escapes text for XML element content and attribute values; drops characters XML 1.0 cannot carry. */
export function xmlText(s: string): string {
  if (!NEEDS_WORK.test(s)) return s
  return s
    .replace(NOT_XML_CHAR, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

export const el = (name: string, value: string | number) => `<${name}>${xmlText(String(value))}</${name}>`

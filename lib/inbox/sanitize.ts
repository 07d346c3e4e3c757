import sanitizeHtml from 'sanitize-html'

// Received HTML is shown to staff only after sanitize-html: no scripts, handlers, forms, frames or styles that
// could reach out; remote images (tracking pixels) are blocked unless staff ask for them.

export function sanitizeEmailHtml(html: string, opts: { allowRemoteImages?: boolean } = {}) {
  let blockedImages = 0
  const clean = sanitizeHtml(html, {
    allowedTags: sanitizeHtml.defaults.allowedTags.concat(['img', 'font', 'center']),
    allowedAttributes: {
      a: ['href', 'title', 'rel', 'target'],
      img: ['src', 'alt', 'width', 'height'],
      td: ['colspan', 'rowspan', 'align'],
      th: ['colspan', 'rowspan', 'align'],
      '*': ['dir', 'lang'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: opts.allowRemoteImages ? ['http', 'https', 'data'] : ['data'] },
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' },
      }),
      img: (tagName, attribs) => {
        if (!opts.allowRemoteImages && attribs.src && /^https?:/i.test(attribs.src)) {
          blockedImages++
          const { src: _src, ...rest } = attribs
          return { tagName, attribs: { ...rest, alt: rest.alt ? `[${rest.alt}]` : '[image]' } }
        }
        return { tagName, attribs }
      },
    },
  } as sanitizeHtml.IOptions)
  return { html: clean, blockedImages }
}

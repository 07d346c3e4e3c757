// Content type from the bytes, not from the sender's claim: the admin serves attachments with this type (and as
// downloads only), so an "invoice.pdf" that is really HTML can never render in the staff's browser.
const SIGNATURES: [number[], string][] = [
  [[0x25, 0x50, 0x44, 0x46, 0x2d], 'application/pdf'],
  [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'image/png'],
  [[0xff, 0xd8, 0xff], 'image/jpeg'],
  [[0x47, 0x49, 0x46, 0x38], 'image/gif'],
  [[0x50, 0x4b, 0x03, 0x04], 'application/zip'],
  [[0x78, 0x9f, 0x3e, 0x22], 'application/vnd.ms-tnef'],
  [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'application/x-ole-storage'],
  [[0x1f, 0x8b], 'application/gzip'],
]

export function sniffContentType(data: Buffer): string {
  for (const [sig, type] of SIGNATURES)
    if (data.length >= sig.length && sig.every((b, i) => data[i] === b)) return type
  if (
    data.length >= 12 &&
    data.subarray(0, 4).toString('latin1') === 'RIFF' &&
    data.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'image/webp'
  const sample = data.subarray(0, 4096)
  if (sample.includes(0)) return 'application/octet-stream'
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, sample.length - 4))
    return 'text/plain'
  } catch {
    return 'application/octet-stream'
  }
}

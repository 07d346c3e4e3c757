// Polish NIP (tax identification number): 10 digits, the last one a checksum with weights 6 5 7 2 3 4 5 6 7 mod 11.
const WEIGHTS = [6, 5, 7, 2, 3, 4, 5, 6, 7]

/** Strips separators people type ("PL 123-456-32-18") and returns the 10 digits, or null. */
export function normalizeNip(input: string): string | null {
  const digits = input.replace(/^\s*PL/i, '').replace(/[\s-]/g, '')
  return /^\d{10}$/.test(digits) ? digits : null
}

export function isValidNip(input: string): boolean {
  const nip = normalizeNip(input)
  // KSeF's pattern: no leading zero, and the tax office prefix (digits 1-3) is never x00
  if (!nip || !/^[1-9]((\d[1-9])|([1-9]\d))\d{7}$/.test(nip)) return false
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(nip[i]), 0)
  const check = sum % 11
  return check !== 10 && check === Number(nip[9])
}

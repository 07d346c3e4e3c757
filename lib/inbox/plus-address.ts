/** orders@shop.pl + HL-2026-000123 -> orders+HL-2026-000123@shop.pl (the token survives every mail client). */
export const plusAddress = (inbound: string, orderNumber: string) => {
  const at = inbound.lastIndexOf('@')
  return `${inbound.slice(0, at)}+${orderNumber}@${inbound.slice(at + 1)}`
}

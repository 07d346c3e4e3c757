import { z } from 'zod'

// The carriers' rules for contact data, checked before any call (InPost and Apaczka both want a Polish mobile or
// landline number of 9 digits, an email, and for couriers a NN-NNN postcode).

/** "+48 600-100-200" -> "600100200"; null when it is not a Polish 9-digit number. */
export function normalizePolishPhone(raw: string): string | null {
  const digits = raw.replace(/[\s\-()]/g, '')
  const m = digits.match(/^(?:\+48|0048)?(\d{9})$/)
  return m ? m[1]! : null
}

export const isPolishPostcode = (v: string) => /^\d{2}-\d{3}$/.test(v.trim())

export const ZReceiverContact = z.object({
  name: z.string().trim().min(2, 'receiver name is required').max(100),
  email: z.email('receiver email is not valid').max(254),
  phone: z.string().transform((v, ctx) => {
    const n = normalizePolishPhone(v)
    if (!n) ctx.addIssue({ code: 'custom', message: 'receiver phone must be a Polish number of 9 digits' })
    return n ?? ''
  }),
})

export const ZCourierAddress = z.object({
  line1: z.string().trim().min(3, 'street is required').max(100),
  line2: z.string().trim().max(100).optional(),
  postalCode: z.string().refine(isPolishPostcode, 'postcode must look like 00-000'),
  city: z.string().trim().min(2, 'city is required').max(60),
  country: z.literal('PL', 'couriers here deliver in Poland only'),
})

/** "ul. Długa 12/3" -> street "ul. Długa", building "12/3" (ShipX wants them apart). */
export function splitStreet(line1: string): { street: string; building: string } {
  const m = line1.trim().match(/^(.*\D)\s+(\d+[A-Za-z]?(?:\s*[/-]\s*\d+[A-Za-z]?)?)$/)
  return m
    ? { street: m[1]!.trim(), building: m[2]!.replace(/\s+/g, '') }
    : { street: line1.trim(), building: '1' }
}

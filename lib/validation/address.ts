import { z } from 'zod'

/** An optional form field: blank (or only spaces) means "not given". */
export const optionalText = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim() || undefined : v), schema.optional())

const POSTAL_CODE: Record<string, RegExp> = { PL: /^\d{2}-\d{3}$/ }

export const ZAddress = z
  .object({
    line1: z.string().trim().min(3, 'required').max(120),
    line2: z
      .string()
      .trim()
      .max(120)
      .optional()
      .or(z.literal('').transform(() => undefined)),
    postalCode: z.string().trim().min(3, 'required').max(12),
    city: z.string().trim().min(2, 'required').max(80),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, 'must be a two-letter country code'),
  })
  .superRefine((a, ctx) => {
    const re = POSTAL_CODE[a.country]
    if (re && !re.test(a.postalCode))
      ctx.addIssue({ code: 'custom', path: ['postalCode'], message: 'must look like 00-000' })
  })

export type TAddress = z.infer<typeof ZAddress>

import 'server-only'
import { z } from 'zod'
import { type AuditSpec, withAudit } from '@/lib/audit/audited-db'
import { type Actor, getActor } from '@/lib/auth'
import type { Permission } from '@/lib/auth/permissions'
import { assertCan } from '@/lib/auth/require-staff'
import { type Db, prisma } from '@/lib/db'
import { AppError, isAppError } from '@/lib/errors'
import type { Locale } from '@/lib/i18n/locales'
import { translateMessage } from '@/lib/i18n/messages'
import { getLocale } from '@/lib/i18n/server'
import { logger } from '@/lib/logger'

// One wrapper per auth context. Server actions stay thin: parse the form with zod, check who is asking, call one
// domain function, and turn errors into a state the form can show (field errors beside the fields).

export type ActionState = {
  ok: boolean
  message?: string
  fieldErrors?: Record<string, string[]>
  /** the submitted values, so a form re-renders with what the user typed */
  values?: Record<string, string>
} | null

/** 'public', or the permission (lib/auth/permissions.ts) a staff action needs */
type Auth = 'public' | Permission

/** For staff actions the actor is always set; public actions get the visitor (or null). */
type Ctx<A extends Auth> = A extends 'public'
  ? { actor: Actor | null }
  : {
      actor: Actor
      /**
       * Runs the domain call with a database handle that writes the audit entry (who = this actor) in the
       * change's own transaction: `audit({ action, target, before, after }, (db) => cancelOrder(db, id, ...))`.
       */
      audit: <R>(spec: Omit<AuditSpec, 'actor'>, fn: (db: Db) => Promise<R>) => Promise<R>
    }

const auditFor =
  (actor: Actor) =>
  <R>(spec: Omit<AuditSpec, 'actor'>, fn: (db: Db) => Promise<R>) =>
    withAudit(prisma, { ...spec, actor: { userId: actor.userId, email: actor.email, role: actor.role } }, fn)

export function formAction<A extends Auth, S extends z.ZodType>(
  auth: A,
  schema: S,
  fn: (input: z.output<S>, ctx: Ctx<A>) => Promise<ActionState | undefined>,
) {
  return async (prev: ActionState, formData: FormData): Promise<ActionState> => {
    const state = await run(prev, formData)
    // the storefront speaks the visitor's language; the staff panel is in English
    return auth === 'public' && state ? translateState(state, await getLocale()) : state
  }

  async function run(_prev: ActionState, formData: FormData): Promise<ActionState> {
    const values = Object.fromEntries(
      [...formData.entries()].filter(([k, v]) => typeof v === 'string' && !k.startsWith('$')),
    ) as Record<string, string>
    try {
      const actor = await authorize(auth)
      const parsed = schema.safeParse(values)
      if (!parsed.success) {
        return {
          ok: false,
          message: 'Please correct the highlighted fields.',
          fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
          values,
        }
      }
      const ctx = auth === 'public' ? { actor } : { actor, audit: auditFor(actor!) }
      const result = (await fn(parsed.data, ctx as Ctx<A>)) ?? { ok: true }
      return result.ok ? result : { ...result, values }
    } catch (err) {
      return { ...errorState(err), values }
    }
  }
}

function translateState(state: NonNullable<ActionState>, locale: Locale): NonNullable<ActionState> {
  const tr = (m: string) => translateMessage(m, locale)
  return {
    ...state,
    message: state.message && tr(state.message),
    fieldErrors:
      state.fieldErrors &&
      Object.fromEntries(Object.entries(state.fieldErrors).map(([k, msgs]) => [k, msgs.map(tr)])),
  }
}

/** For actions called from code (not forms); throws AppError on refusal. */
export function staffAction<S extends z.ZodType, R>(
  permission: Permission,
  schema: S,
  fn: (input: z.output<S>, actor: Actor) => Promise<R>,
) {
  return async (input: z.input<S>): Promise<R> => {
    const actor = (await authorize(permission))!
    const parsed = schema.safeParse(input)
    if (!parsed.success) throw new AppError('VALIDATION', z.prettifyError(parsed.error))
    return fn(parsed.data, actor)
  }
}

async function authorize(auth: Auth): Promise<Actor | null> {
  const actor = await getActor()
  if (auth !== 'public') assertCan(actor, auth)
  return actor
}

export function errorState(err: unknown): NonNullable<ActionState> {
  // redirect() and notFound() work by throwing; let Next handle them
  if (err && typeof err === 'object' && 'digest' in err && typeof err.digest === 'string') {
    if (err.digest.startsWith('NEXT_')) throw err
  }
  if (isAppError(err)) return { ok: false, message: err.message, fieldErrors: err.fieldErrors }
  logger.error({ err }, 'action failed')
  return { ok: false, message: 'Something went wrong on our side. Nothing was changed; please try again.' }
}

// Decoder for Stripe's form encoding: `line_items[0][price_data][unit_amount]=500&metadata[orderId]=o1&expand[]=x`
// becomes nested objects and arrays, the way Stripe's API reads it.
import { invalidParam } from './errors.ts'

export type FormValue = string | FormValue[] | FormObject
export type FormObject = { [key: string]: FormValue }

type Node = Map<string, Node | string>

export function splitKey(key: string): string[] | null {
  const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key)
  if (!m) return null
  const parts = [m[1]!]
  for (const p of m[2]!.matchAll(/\[([^[\]]*)\]/g)) parts.push(p[1]!)
  return parts
}

export function parseForm(input: string | URLSearchParams): FormObject {
  const params = typeof input === 'string' ? new URLSearchParams(input) : input
  const root: Node = new Map()
  for (const [key, value] of params) {
    const path = splitKey(key)
    if (!path) throw invalidParam(`Invalid parameter name: ${key}`, key)
    let node = root
    for (let i = 0; i < path.length; i++) {
      // `a[]` appends, like Rack and Stripe do
      const part = path[i] === '' ? String(node.size) : path[i]!
      const last = i === path.length - 1
      const existing = node.get(part)
      if (last) {
        if (existing instanceof Map)
          throw invalidParam(`Invalid value for ${key}: expected a hash or array`, key)
        node.set(part, value)
      } else if (existing === undefined) {
        const child: Node = new Map()
        node.set(part, child)
        node = child
      } else if (typeof existing === 'string') {
        throw invalidParam(
          `Invalid value for ${path.slice(0, i + 1).join('.')}: expected a hash or array`,
          key,
        )
      } else {
        node = existing
      }
    }
  }
  return toValue(root, '') as FormObject
}

function toValue(node: Node | string, key: string): FormValue {
  if (typeof node === 'string') return node
  const keys = [...node.keys()]
  // metadata keys are free-form strings, even when they look like indexes
  const isArray = key !== 'metadata' && keys.length > 0 && keys.every((k) => /^\d+$/.test(k))
  if (isArray) {
    return keys
      .map((k) => [Number(k), node.get(k)!] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, v]) => toValue(v, ''))
  }
  const out: FormObject = {}
  for (const [k, v] of node) out[k] = toValue(v, k)
  return out
}

// Readers that validate like Stripe does and name the offending parameter in the error.

export const isObject = (v: FormValue | undefined): v is FormObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

export function readString(obj: FormObject, key: string, param = key): string | undefined {
  const v = obj[key]
  if (v === undefined || v === '') return undefined
  if (typeof v !== 'string') throw invalidParam(`Invalid string: ${param} must be a string`, param)
  return v
}

export function readInt(obj: FormObject, key: string, param = key): number | undefined {
  const v = readString(obj, key, param)
  if (v === undefined) return undefined
  if (!/^-?\d+$/.test(v)) throw invalidParam(`Invalid integer: ${v}`, param, 'parameter_invalid_integer')
  return Number(v)
}

export function readBool(obj: FormObject, key: string, param = key): boolean | undefined {
  const v = readString(obj, key, param)
  if (v === undefined) return undefined
  if (v !== 'true' && v !== 'false') throw invalidParam(`Invalid boolean: ${v}`, param)
  return v === 'true'
}

export function readObject(obj: FormObject, key: string, param = key): FormObject | undefined {
  const v = obj[key]
  if (v === undefined || v === '') return undefined
  if (!isObject(v)) throw invalidParam(`Invalid object: ${param} must be a hash`, param)
  return v
}

export function readArray(obj: FormObject, key: string, param = key): FormValue[] | undefined {
  const v = obj[key]
  if (v === undefined || v === '') return undefined
  if (typeof v === 'string') return [v]
  if (!Array.isArray(v)) throw invalidParam(`Invalid array: ${param} must be an array`, param)
  return v
}

export function readStringArray(obj: FormObject, key: string, param = key): string[] | undefined {
  const arr = readArray(obj, key, param)
  if (!arr) return undefined
  return arr.map((v, i) => {
    if (typeof v !== 'string')
      throw invalidParam(`Invalid string: ${param}[${i}] must be a string`, `${param}[${i}]`)
    return v
  })
}

export function requireString(obj: FormObject, key: string, param = key): string {
  const v = readString(obj, key, param)
  if (v === undefined) throw invalidParam(`Missing required param: ${param}.`, param, 'parameter_missing')
  return v
}

/** Stripe's metadata rules: up to 50 keys, keys up to 40 characters, values up to 500. */
export function readMetadata(obj: FormObject, key = 'metadata', param = key): Record<string, string> {
  const raw = readObject(obj, key, param) ?? {}
  const out: Record<string, string> = {}
  const entries = Object.entries(raw)
  if (entries.length > 50)
    throw invalidParam('Invalid metadata: metadata cannot have more than 50 keys', param)
  for (const [k, v] of entries) {
    if (typeof v !== 'string')
      throw invalidParam(`Invalid metadata: ${param}[${k}] must be a string`, `${param}[${k}]`)
    if (k.length > 40)
      throw invalidParam(`Invalid metadata: keys can be at most 40 characters (${k})`, `${param}[${k}]`)
    if (v.length > 500)
      throw invalidParam(`Invalid metadata: values can be at most 500 characters`, `${param}[${k}]`)
    if (v !== '') out[k] = v
  }
  return out
}

export function rejectUnknown(obj: FormObject, allowed: readonly string[], prefix = '') {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) {
      const param = prefix ? `${prefix}[${k}]` : k
      throw invalidParam(`Received unknown parameter: ${param}`, param, 'parameter_unknown')
    }
  }
}

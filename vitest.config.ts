import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = { '@': path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          // A real PostgreSQL (embedded) for the whole run; each file gets its own database.
          globalSetup: ['test/support/global-postgres.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Process tests start servers; two cores do not run many at once well.
          maxWorkers: 2,
        },
      },
    ],
  },
});

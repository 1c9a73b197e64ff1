import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { MigrationList } from '@prisma/schema-engine-wasm';

// Reading the migrations folder needs no schema engine: the readiness check uses only this file.

export const LOCKFILE = 'migration_lock.toml';

/** Reads prisma/migrations in the shape the schema engine (and `prisma migrate`) expects. */
export async function readMigrationList(migrationsDir: string): Promise<MigrationList> {
  await mkdir(migrationsDir, { recursive: true });
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const migrationDirectories = await Promise.all(
    dirs.map(async (dir) => ({
      path: dir,
      migrationFile: {
        path: 'migration.sql',
        content: await readFile(path.join(migrationsDir, dir, 'migration.sql'), 'utf8').then(
          (value) => ({ tag: 'ok' as const, value }),
          (error: Error) => ({ tag: 'error' as const, value: error.message }),
        ),
      },
    })),
  );
  const lockContent = await readFile(path.join(migrationsDir, LOCKFILE), 'utf8').catch(() => null);
  return {
    baseDir: migrationsDir,
    lockfile: { path: LOCKFILE, content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

/** Names of migrations in the folder that the database has not applied (successfully). */
export async function unappliedMigrations(
  query: (sql: string) => Promise<{ migration_name: string }[]>,
  migrationsDir: string,
): Promise<string[]> {
  const list = await readMigrationList(migrationsDir);
  const applied = new Set(
    (
      await query(
        'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
      )
    ).map((row) => row.migration_name),
  );
  return list.migrationDirectories.map((d) => d.path).filter((name) => !applied.has(name));
}

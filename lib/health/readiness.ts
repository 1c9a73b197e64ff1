import { unappliedMigrations } from '../db/migration-files';

/** The outcome of one readiness probe, as served by GET /api/readyz. */
export interface Readiness {
  ready: boolean;
  checks: {
    database: { ok: boolean; error?: string };
    migrations: { ok: boolean; pending?: string[]; error?: string };
  };
}

type Query = (sql: string) => Promise<unknown[]>;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;

/** Ready means: the database answers and every migration in the folder has been applied. */
export async function checkReadiness(query: Query, migrationsDir: string): Promise<Readiness> {
  try {
    await query('SELECT 1');
  } catch (error) {
    return {
      ready: false,
      checks: {
        database: { ok: false, error: message(error) },
        migrations: { ok: false, error: 'database unreachable' },
      },
    };
  }
  try {
    const pending = await unappliedMigrations(
      (sql) => query(sql) as Promise<{ migration_name: string }[]>,
      migrationsDir,
    );
    return {
      ready: pending.length === 0,
      checks: { database: { ok: true }, migrations: { ok: pending.length === 0, pending } },
    };
  } catch (error) {
    // No _prisma_migrations table yet: nothing has been applied.
    return {
      ready: false,
      checks: { database: { ok: true }, migrations: { ok: false, error: message(error) } },
    };
  }
}

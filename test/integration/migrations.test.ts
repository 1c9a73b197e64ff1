import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, createMigration, defaultMigrationPaths, pendingSchemaChange } from '../../lib/db/migrations';
import { checkReadiness } from '../../lib/health/readiness';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { ROOT } from '../support/processes';

describe('migrations through the WASM schema engine (real PostgreSQL)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });
  afterAll(() => database.drop());

  it('applies every migration in prisma/migrations once, recording them like prisma migrate deploy', async () => {
    const folders = (await readdir(path.join(ROOT, 'prisma', 'migrations'), { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect(folders.length).toBeGreaterThan(0);

    expect(await applyMigrations(database.url, defaultMigrationPaths(ROOT))).toEqual(folders);
    expect(await applyMigrations(database.url, defaultMigrationPaths(ROOT))).toEqual([]);

    const rows = await database.query<{ migration_name: string; finished_at: Date | null; checksum: string }>(
      'SELECT migration_name, finished_at, checksum FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(folders);
    expect(rows.every((r) => r.finished_at !== null && /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
    const tables = await database.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    expect(tables.map((t) => t.tablename)).toEqual(expect.arrayContaining(['clusters', 'worker_heartbeats']));
  });

  it('finds no drift between schema.prisma and the committed migrations', async () => {
    expect(await pendingSchemaChange(database.url, defaultMigrationPaths(ROOT))).toBe('');
  });

  describe('on a copy of prisma/ with an edited schema', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'kubewatch-prisma-'));
      await cp(path.join(ROOT, 'prisma'), dir, { recursive: true });
      const schemaFile = path.join(dir, 'schema.prisma');
      await writeFile(
        schemaFile,
        (await readFile(schemaFile, 'utf8')) +
          '\nmodel Probe {\n  id   Int    @id @default(autoincrement())\n  note String\n  @@map("probes")\n}\n',
      );
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));
    const paths = () => ({ schemaFile: path.join(dir, 'schema.prisma'), migrationsDir: path.join(dir, 'migrations') });

    it('reports the drift as the SQL that is missing', async () => {
      const sql = await pendingSchemaChange(database.url, paths());
      expect(sql).toContain('CREATE TABLE "probes"');
      expect(sql).toContain('"note" TEXT NOT NULL');
    });

    it('writes a new migration folder that removes the drift and applies cleanly', async () => {
      const created = await createMigration(database.url, 'add_probes', paths(), new Date('2030-01-02T03:04:05Z'));
      expect(created).toBe(path.join(dir, 'migrations', '20300102030405_add_probes'));
      expect(await readFile(path.join(created!, 'migration.sql'), 'utf8')).toContain('CREATE TABLE "probes"');
      expect(await pendingSchemaChange(database.url, paths())).toBe('');
      expect(await applyMigrations(database.url, paths())).toEqual(['20300102030405_add_probes']);
      await database.query("INSERT INTO probes (note) VALUES ('written')");
      expect(await database.query('SELECT note FROM probes')).toEqual([{ note: 'written' }]);
      expect(await createMigration(database.url, 'nothing_new', paths())).toBeNull();
    });

    it('rejects migration names that would make odd folder names', async () => {
      await expect(createMigration(database.url, 'Add Probes!', paths())).rejects.toThrow(/lowercase/);
    });
  });
});

describe('readiness', () => {
  it('is not ready before migrations, ready after, and not ready again when one is missing', async () => {
    const database = await createTestDatabase({ migrate: false });
    try {
      const migrationsDir = path.join(ROOT, 'prisma', 'migrations');
      const query = (sql: string) => database.query(sql);
      const before = await checkReadiness(query, migrationsDir);
      expect(before.ready).toBe(false);
      expect(before.checks.database.ok).toBe(true);
      expect(before.checks.migrations.ok).toBe(false);

      await applyMigrations(database.url, defaultMigrationPaths(ROOT));
      expect(await checkReadiness(query, migrationsDir)).toEqual({
        ready: true,
        checks: { database: { ok: true }, migrations: { ok: true, pending: [] } },
      });

      const [last] = await database.query<{ migration_name: string }>(
        'SELECT migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1',
      );
      await database.query('DELETE FROM _prisma_migrations WHERE migration_name = $1', [last!.migration_name]);
      const after = await checkReadiness(query, migrationsDir);
      expect(after.ready).toBe(false);
      expect(after.checks.migrations.pending).toEqual([last!.migration_name]);
    } finally {
      await database.drop();
    }
  });

  it('reports an unreachable database without throwing', async () => {
    const pg = await import('pg');
    const pool = new pg.default.Pool({ connectionString: 'postgresql://nobody:x@127.0.0.1:1/none', connectionTimeoutMillis: 1000 });
    try {
      const result = await checkReadiness(async (sql) => (await pool.query(sql)).rows, path.join(ROOT, 'prisma', 'migrations'));
      expect(result.ready).toBe(false);
      expect(result.checks.database.ok).toBe(false);
      expect(result.checks.database.error).toMatch(/ECONNREFUSED/);
    } finally {
      await pool.end();
    }
  });
});

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createPrismaClient, type PrismaClient } from '../../lib/db/client';
import { applyMigrations } from '../../lib/db/migrations';

/** An empty database on the test PostgreSQL, optionally migrated. */
export interface TestDatabase {
  url: string;
  name: string;
  prisma: PrismaClient;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

function withDatabase(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject('postgresAdminUrl') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase({ migrate = true } = {}): Promise<TestDatabase> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE "${name}"`);
  const url = withDatabase(inject('postgresAdminUrl'), name);
  if (migrate) await applyMigrations(url);
  const prisma = createPrismaClient(url, 3);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return {
    url,
    name,
    prisma,
    query: async (sql, params) => (await pool.query(sql, params)).rows,
    drop: async () => {
      await prisma.$disconnect();
      await pool.end();
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

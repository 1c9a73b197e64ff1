import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.ts';

export type { PrismaClient };

/** A Prisma client over node-postgres (no native engine: Prisma 7's WASM query compiler). */
export function createPrismaClient(databaseUrl: string, poolSize = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: poolSize }) });
}

const KEY = Symbol.for('kubewatch.prisma');
type WithPrisma = typeof globalThis & { [KEY]?: PrismaClient };

/**
 * The process-wide client for route handlers. The web entry sets DATABASE_URL (to the embedded
 * server when none was configured) before Next loads any route.
 */
export function db(): PrismaClient {
  const holder = globalThis as WithPrisma;
  if (!holder[KEY]) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set: start the app with npm start or npm run web');
    holder[KEY] = createPrismaClient(url);
  }
  return holder[KEY];
}

/** Closes the process-wide client if one was opened (graceful shutdown). */
export async function closeDb(): Promise<void> {
  const holder = globalThis as WithPrisma;
  const client = holder[KEY];
  holder[KEY] = undefined;
  await client?.$disconnect();
}

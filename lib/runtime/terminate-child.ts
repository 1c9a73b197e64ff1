import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the child has exited. */
export async function terminateChild(child: ChildProcess, exited: Promise<unknown>, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  child.kill('SIGTERM');
  const killTimer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(killTimer);
}

/**
 * A child process (with its working directory) that must not outlive us: killed and its
 * directory removed if this process exits first. `stop` terminates it and removes the directory;
 * `abandon` only terminates it (for a failed start whose caller removes or reuses the directory).
 */
export function ownChildProcess(child: ChildProcess, dir: string) {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  let stopping: Promise<void> | undefined;
  const abandon = async () => {
    process.off('exit', onExit);
    await terminateChild(child, exited);
  };
  const stop = () =>
    (stopping ??= (async () => {
      await abandon();
      await rm(dir, { recursive: true, force: true });
    })());
  return { exited, stop, abandon };
}

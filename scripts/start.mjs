// Entry of `npm start` / `npm run web` / `npm run worker`: builds first when no build exists,
// then runs the bundled process (supervisor = web + worker + embedded database).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const role = process.argv[2] ?? 'supervisor';
if (!['supervisor', 'web', 'worker', 'demo'].includes(role)) {
  console.error(`unknown process "${role}": expected supervisor, web, worker or demo`);
  process.exit(2);
}

const built = ['.next/BUILD_ID', 'dist/supervisor.js', 'dist/web.js', 'dist/worker.js', 'dist/demo.js'].every((f) =>
  existsSync(path.join(root, f)),
);
if (!built) {
  console.error('No production build found: running `npm run build` first (about a minute).');
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

await import(path.join(root, 'dist', `${role}.js`));

// Every /api/v1 handler goes through apiRoute with a declared permission, and the role matrix
// in test/integration/api-access.test.ts covers each of them.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const API = path.join(ROOT, 'app', 'api', 'v1');

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? routeFiles(path.join(dir, entry.name)) : entry.name === 'route.ts' ? [path.join(dir, entry.name)] : [],
  );
}

const handlers = routeFiles(API).flatMap((file) => {
  const source = readFileSync(file, 'utf8');
  const urlPath = '/api/v1' + path.dirname(path.relative(API, file)).replace(/^\.$/, '').replace(/^(?=.)/, '/').replace(/\[(\w+)\]/g, '{$1}');
  return [...source.matchAll(/export (?:const|async function) (GET|POST|PUT|PATCH|DELETE)\b(.*)/g)].map((m) => ({ method: m[1]!, urlPath, line: m[2]!, file }));
});

describe('/api/v1 route handlers', () => {
  it('exist', () => expect(handlers.length).toBeGreaterThanOrEqual(17));

  it.each(handlers.map((h) => [`${h.method} ${h.urlPath}`, h] as const))('%s declares its permission through apiRoute', (_name, handler) => {
    expect(handler.line).toMatch(/^ = apiRoute(<[^>]+>)?\('(read|write|admin)'/);
  });

  it('are all in the role matrix of the access test', () => {
    const matrix = readFileSync(path.join(ROOT, 'test', 'integration', 'api-access.test.ts'), 'utf8');
    const listed = new Set(
      [...matrix.matchAll(/\['(GET|POST|PUT|PATCH|DELETE)', `?'?([^'`]+)`?'?, '(viewer|editor|admin)'\]/g)].map(
        (m) => `${m[1]} ${m[2]!.replace('${MISSING_UUID}', '{id}')}`,
      ),
    );
    const missing = handlers.map((h) => `${h.method} ${h.urlPath}`).filter((name) => !listed.has(name));
    expect(missing).toEqual([]);
  });
});

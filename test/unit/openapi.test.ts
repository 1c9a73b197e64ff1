import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { OPERATIONS, openApiDocument } from '../../lib/api/openapi';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function handlerNames(dir: string, prefix: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return handlerNames(full, `${prefix}/${entry.name.replace(/^\[(\w+)\]$/, '{$1}')}`);
    if (entry.name !== 'route.ts') return [];
    return [...readFileSync(full, 'utf8').matchAll(/export (?:const|async function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => `${m[1]!.toLowerCase()} ${prefix}`);
  });
}

describe('OpenAPI document', () => {
  const document = openApiDocument('http://localhost:3000');

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('describes every /api/v1 handler and /api/setup, and nothing else', () => {
    const handlers = [...handlerNames(path.join(ROOT, 'app', 'api', 'v1'), '/api/v1'), 'post /api/setup']
      .filter((name) => name !== 'get /api/v1/openapi.json')
      .sort();
    expect(OPERATIONS.map((op) => `${op.method} ${op.path}`).sort()).toEqual(handlers);
  });

  it('carries the request rules of the zod schemas (one source of truth)', () => {
    const create = document.paths['/api/v1/clusters']!.post as { requestBody: { content: { 'application/json': { schema: { properties: Record<string, { pattern?: string; maxLength?: number }>; required: string[]; additionalProperties: boolean } } } } };
    const schema = create.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(['name', 'prometheus']);
    expect(schema.additionalProperties).toBe(false);
    // The documented pattern enforces the DNS-label rule itself, length included.
    const name = new RegExp(schema.properties.name!.pattern!);
    for (const good of ['prod-eu', 'a', 'a'.repeat(63), 'x1-2']) expect(name.test(good), good).toBe(true);
    for (const bad of ['Prod', '-a', 'a-', 'a_b', 'a'.repeat(64), '']) expect(name.test(bad), bad).toBe(false);
  });
});

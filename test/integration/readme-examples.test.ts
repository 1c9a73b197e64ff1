// README's REST examples, run exactly as written against the built app.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/processes';
import { startWebApp, type WebApp } from '../support/web-app';

/** Splits concatenated JSON documents (curl prints no newline after a body). */
function splitJson(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && --depth === 0) out.push(JSON.parse(text.slice(start, i + 1)));
  }
  return out;
}

let app: WebApp;
let home: string;
beforeAll(async () => {
  app = await startWebApp();
  home = await mkdtemp(path.join(tmpdir(), 'kubewatch-home-'));
  await mkdir(path.join(home, '.kube'));
  await cp(path.join(ROOT, 'test', 'fixtures', 'kubernetes', 'kubeconfig.two-contexts.yaml'), path.join(home, '.kube', 'config'));
});
afterAll(async () => {
  await app?.stop();
  await rm(home, { recursive: true, force: true });
});

describe('README', () => {
  it('the curl examples work as written', async () => {
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    const block = /<!-- api-examples:start -->\n```sh\n([\s\S]*?)```\n<!-- api-examples:end -->/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', block!], {
      env: { PATH: process.env.PATH, HOME: home, NODE_ENV: 'production', KUBEWATCH: app.base, TOKEN: app.adminToken },
    });
    // Each example printed its JSON response; check the ones that say something.
    const outputs = splitJson(stdout) as any[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(outputs[0]).toMatchObject({ name: 'prod-eu', labels: { env: 'prod', region: 'eu' } });
    expect(outputs[1].items.map((c: { name: string }) => c.name)).toEqual(['prod-eu']);
    expect(outputs[2]).toMatchObject({ displayName: 'Production EU', prometheus: { auth: { type: 'bearer', tokenSet: true } } });
    expect(outputs[3]).toMatchObject({ status: { state: 'unreachable' }, prometheus: { ok: false, error: { kind: 'dns' } } });
    expect(outputs[4].contexts.map((c: { context: string }) => c.context)).toEqual(['context1', 'context2']);
    expect(outputs[5]).toMatchObject({ name: 'nodes', scope: { type: 'selector', selector: 'env=prod' }, rules: [{ alert: 'NodeCPUHigh', recoveryThreshold: 80 }] });
    expect(outputs[5].rules[0].expr).toMatch(/node_cpu_seconds_total.* > 90$/);
    expect(outputs[6]).toEqual({ alerts: [], counts: { firing: 0, pending: 0 } });
    expect(await readFile(path.join(home, 'kubewatch.rules.yml'), 'utf8')).toMatch(/- alert: NodeCPUHigh/);
    expect(outputs[7]).toMatchObject({ name: 'ops-hook', type: 'webhook', secretsSet: ['signingSecret'] });
    expect(JSON.stringify(outputs[7])).not.toContain('at-least-16-characters');
    const sloth = await readFile(path.join(home, 'apiserver.sloth.yaml'), 'utf8');
    expect(sloth).toMatch(/version: "?prometheus\/v1"?/);
    expect(sloth).toContain('apiserver_request_total{code=~"5.."}[{{.window}}]');
    const [slo] = await app.database.query("SELECT name, \"ruleGroupId\" FROM slos");
    expect(slo).toMatchObject({ name: 'apiserver-availability', ruleGroupId: expect.any(String) });
    expect(await app.database.query("SELECT id FROM clusters WHERE name = 'prod-eu'")).toEqual([]);
  });
});

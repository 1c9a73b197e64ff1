// Docker cannot run on these machines, so the container files are kept honest by reading them:
// every variable they set is a known setting with a valid value, and commands, ports and
// health checks agree with what the code serves.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseSettings, settingNames } from '../../lib/config/env';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

type Service = {
  volumes?: string[];
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  healthcheck?: { test: string[] };
  image?: string;
  build?: string;
};
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
const dockerfile = read('Dockerfile');
const buildScript = read('scripts/build-server.mjs');
/** Compose's `${VAR:-default}` substitution, with an empty shell environment. */
const substitute = (value: string) => String(value).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');
const appServices = ['web', 'worker'] as const;
const envOf = (name: string) =>
  Object.fromEntries(Object.entries(compose.services[name]!.environment ?? {}).map(([k, v]) => [k, substitute(v)]));

describe('docker-compose.yml', () => {
  it('has the services of a working stack', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['mailpit', 'node-exporter', 'postgres', 'prometheus', 'web', 'worker'].sort(),
    );
  });

  it.each(appServices)('%s sets only known settings, with values the app accepts', (name) => {
    const env = envOf(name);
    for (const key of Object.keys(env)) expect(settingNames, `${name}: ${key}`).toContain(key);
    expect(() => parseSettings(env)).not.toThrow();
    expect(parseSettings(env).HOST).toBe('0.0.0.0'); // reachable from other containers
  });

  it.each(appServices)('%s runs an entry point the build produces, from the same image', (name) => {
    const service = compose.services[name]!;
    const [binary, script] = service.command!;
    expect(binary).toBe('node');
    const entry = /^dist\/(\w+)\.js$/.exec(script!)![1]!;
    expect(buildScript).toMatch(new RegExp(`${entry}: 'server/${entry}\\.ts'`));
    expect(existsSync(path.join(ROOT, 'server', `${entry}.ts`))).toBe(true);
    expect(service.image).toBe(compose.services.web!.image);
  });

  it('connects web and worker to the compose PostgreSQL with its credentials', () => {
    const pg = compose.services.postgres!.environment!;
    for (const name of appServices) {
      const url = new URL(envOf(name).DATABASE_URL!);
      expect(url.hostname).toBe('postgres');
      expect(url.username).toBe(pg.POSTGRES_USER);
      expect(url.password).toBe(pg.POSTGRES_PASSWORD);
      expect(url.pathname).toBe(`/${pg.POSTGRES_DB}`);
    }
  });

  it('publishes the web port it listens on, and probes the worker on its metrics port', () => {
    const webPort = parseSettings(envOf('web')).PORT;
    expect(compose.services.web!.ports).toContain(`${webPort}:${webPort}`);
    const workerPort = parseSettings(envOf('worker')).WORKER_METRICS_PORT;
    expect(compose.services.worker!.healthcheck!.test.join(' ')).toContain(`127.0.0.1:${workerPort}/healthz`);
  });

  it("scrapes the app's own metrics endpoints in deploy/prometheus.yml", () => {
    const prometheus = parse(read('deploy/prometheus.yml')) as {
      scrape_configs: { static_configs: { targets: string[] }[] }[];
    };
    const targets = prometheus.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets));
    expect(targets).toContain(`web:${parseSettings(envOf('web')).PORT}`);
    expect(targets).toContain(`worker:${parseSettings(envOf('worker')).WORKER_METRICS_PORT}`);
    expect(targets).toContain('node-exporter:9100');
  });

  it('gives web and worker the same DATA_DIR volume (they must share the generated key)', () => {
    const dataDir = parseSettings({}).DATA_DIR; // relative ./data, resolved against WORKDIR /app
    expect(path.basename(dataDir)).toBe('data');
    expect(dockerfile).toMatch(/^WORKDIR \/app$/m);
    const mounts = appServices.map((name) => compose.services[name]!.volumes?.find((v) => v.endsWith(':/app/data')));
    expect(mounts[0]).toBeDefined();
    expect(mounts[0]).toBe(mounts[1]);
  });

  it('pins every image to a version', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (service.build || service.image === compose.services.web!.image) continue; // built here
      expect(service.image, name).toMatch(/:v?\d+(\.\d+)*(-[a-z0-9.]+)?$/);
    }
  });
});

describe('Dockerfile', () => {
  const stages = [...dockerfile.matchAll(/^FROM (\S+)(?: AS (\S+))?/gm)];

  it('is a multi-stage build on pinned official Node images, Alpine at runtime', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const [, image] of stages) {
      expect(image).toMatch(/^node:\d+\.\d+\.\d+-/);
      expect(image).not.toContain('latest');
    }
    expect(stages.at(-1)![1]).toMatch(/alpine/);
  });

  it('installs dependencies before copying the source (layer cache)', () => {
    const install = dockerfile.indexOf('RUN npm install');
    expect(dockerfile.indexOf('COPY package.json package-lock.json')).toBeLessThan(install);
    expect(install).toBeLessThan(dockerfile.indexOf('COPY . .'));
  });

  it('runs as a non-root user under tini, with a health check on /api/healthz', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).toMatch(/^USER (?!root)\w+/m);
    expect(runtime).toMatch(/ENTRYPOINT \["\/sbin\/tini", "--"\]/);
    expect(runtime).toMatch(/HEALTHCHECK[\s\S]*\/api\/healthz/);
    expect(runtime).toContain('.next/standalone');
    expect(runtime).toMatch(/COPY .*\/app\/public \.\/public/); // the vendored API reference
    expect(runtime).toMatch(/^CMD \["node", "dist\/web\.js"\]/m);
  });

  it('sets only known settings and exposes the ports they name', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    const envBlock = /^ENV ([\s\S]*?)\n(?!\s)/m.exec(runtime)![1]!;
    const env = Object.fromEntries([...envBlock.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
    const settings = Object.fromEntries(Object.entries(env).filter(([k]) => k !== 'NEXT_TELEMETRY_DISABLED'));
    for (const key of Object.keys(settings)) expect(settingNames).toContain(key);
    const parsed = parseSettings(settings);
    expect(runtime).toMatch(new RegExp(`^EXPOSE .*\\b${parsed.PORT}\\b.*\\b${parsed.WORKER_METRICS_PORT}\\b`, 'm'));
  });

  it('keeps local state and build output out of the context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', '.next', 'dist', 'data', '.git']) expect(ignored).toContain(entry);
  });
});

describe('README', () => {
  it('documents every setting', () => {
    const readme = read('README.md');
    for (const name of settingNames) expect(readme, name).toMatch(new RegExp(`\\| \`${name}\` \\|`));
  });
});

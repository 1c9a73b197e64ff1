// No Kubernetes runs on these machines, so deploy/kubernetes is kept honest by reading it: every
// manifest validates against the Kubernetes API schemas (npm kubernetes-models), and what the
// issue asks of a deployment holds: replicas, rolling updates that add before they remove,
// probes on the paths the processes serve, PDBs that select the pods, limits, non-root,
// graceful termination longer than the app's shutdown, and only known settings.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseSettings, settingNames } from '../../lib/config/env';
import { unknownFields } from '../support/kubernetes-fields';

const DIR = path.resolve(import.meta.dirname, '..', '..', 'deploy', 'kubernetes');
const read = (file: string) => parse(readFileSync(path.join(DIR, file), 'utf8'));
const kustomization = read('kustomization.yaml') as { resources: string[]; images: Array<{ name: string; newName: string; newTag: string }> };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const manifests = kustomization.resources.map((file) => ({ file, doc: read(file) as any }));
const byKind = (kind: string) => manifests.filter((m) => m.doc.kind === kind).map((m) => m.doc);
const deployment = (component: string) => byKind('Deployment').find((d) => d.metadata.labels['app.kubernetes.io/component'] === component);

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

describe('deploy/kubernetes', () => {
  it('lists every manifest of the folder in the kustomization', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());
  });

  it.each(manifests.map((m) => [m.file, m.doc]))('%s is valid against the Kubernetes API schema', (_file, doc) => {
    const Model = MODELS[`${doc.apiVersion}/${doc.kind}`];
    expect(Model, `${doc.apiVersion} ${doc.kind}`).toBeDefined();
    expect(() => new Model!(doc as never).validate()).not.toThrow();
  });

  it.each(manifests.map((m) => [m.file, m.doc]))('%s has no field Kubernetes does not know (strict field validation)', (_file, doc) => {
    const version = (doc.apiVersion as string).split('/').at(-1)!;
    const type = `${version[0]!.toUpperCase()}${version.slice(1)}${doc.kind}`;
    expect(unknownFields(doc, type)).toEqual([]);
  });

  it('the schema checks are real: a wrong field type and an unknown field are refused', () => {
    const typo = structuredClone(deployment('web'));
    typo.spec.template.spec.containers[0].readinesProbe = typo.spec.template.spec.containers[0].readinessProbe;
    expect(unknownFields(typo, 'V1Deployment')).toEqual(['.spec.template.spec.containers[0].readinesProbe']);
    const broken = structuredClone(deployment('web'));
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'http';
    expect(() => new Deployment(broken as never).validate()).toThrow(/containerPort must be integer/);
  });

  it.each(['web', 'worker'])('%s: replicas, a rolling update that adds before it removes, a PDB that selects its pods', (component) => {
    const d = deployment(component);
    expect(d.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
    expect(d.spec.template.metadata.labels).toMatchObject(d.spec.selector.matchLabels);
    const pdb = byKind('PodDisruptionBudget').find((p) => Object.entries(p.spec.selector.matchLabels).every(([k, v]) => d.spec.template.metadata.labels[k] === v));
    expect(pdb, `a PDB for ${component}`).toBeDefined();
    expect(pdb.spec.minAvailable).toBeLessThan(d.spec.replicas);
  });

  it.each(['web', 'worker'])('%s: non-root, read-only, no privileges, limits, graceful termination', (component) => {
    const pod = deployment(component).spec.template.spec;
    const [container] = pod.containers;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(container.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources.limits.memory).toEqual(expect.any(String));
    // Writable paths the app needs with a read-only root: DATA_DIR and /tmp.
    const settings = parseSettings(read('configmap.yaml').data);
    expect(container.volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toEqual(expect.arrayContaining([settings.DATA_DIR, '/tmp']));
    const preStopSeconds = Number(container.lifecycle?.preStop?.exec?.command?.[1] ?? 0);
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(settings.SHUTDOWN_TIMEOUT + preStopSeconds * 1000);
    expect(container.command).toEqual(['/sbin/tini', '--', 'node', `dist/${component}.js`]);
  });

  it('probes the paths and ports the processes serve; the Service targets the web port', () => {
    const settings = parseSettings(read('configmap.yaml').data);
    const web = deployment('web').spec.template.spec.containers[0];
    expect(web.ports).toEqual([{ name: 'http', containerPort: settings.PORT }]);
    expect(web.readinessProbe.httpGet).toEqual({ path: '/api/readyz', port: 'http' });
    expect(web.livenessProbe.httpGet).toEqual({ path: '/api/healthz', port: 'http' });
    const worker = deployment('worker').spec.template.spec.containers[0];
    expect(worker.ports).toEqual([{ name: 'metrics', containerPort: settings.WORKER_METRICS_PORT }]);
    expect(worker.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'metrics' });
    // server/worker.ts serves /healthz on the metrics port; app/api serves readyz and healthz.
    expect(readFileSync(path.resolve(DIR, '..', '..', 'server', 'worker.ts'), 'utf8')).toContain("req.url === '/healthz'");
    const [service] = byKind('Service');
    expect(deployment('web').spec.template.metadata.labels).toMatchObject(service.spec.selector);
    expect(service.spec.ports[0].targetPort).toBe('http');
  });

  it('sets only known settings, takes the secrets from a Secret, and pins the image', () => {
    const data = read('configmap.yaml').data as Record<string, string>;
    for (const key of Object.keys(data)) expect(settingNames).toContain(key);
    expect(() => parseSettings(data)).not.toThrow();
    expect(Object.keys(data)).not.toContain('DATABASE_URL');
    expect(Object.keys(data)).not.toContain('ENCRYPTION_KEY');
    for (const component of ['web', 'worker']) {
      const container = deployment(component).spec.template.spec.containers[0];
      expect(container.envFrom).toEqual([{ configMapRef: { name: 'kubewatch' } }, { secretRef: { name: 'kubewatch' } }]);
      expect(container.image).toBe(kustomization.images[0]!.name);
    }
    expect(kustomization.images[0]!.newTag).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

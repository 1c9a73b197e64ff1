import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  KubeconfigError,
  MAX_KUBECONFIG_BYTES,
  parseKubeconfig,
  selectContexts,
  suggestClusterName,
  type KubeconfigContext,
} from '../../lib/clusters/kubeconfig';

const fixtures = path.resolve(import.meta.dirname, '../fixtures');
const read = (file: string) => readFileSync(path.join(fixtures, file), 'utf8');
const twoYaml = read('kubernetes/kubeconfig.two-contexts.yaml');
const twoJson = read('kubernetes/kubeconfig.two-contexts.json');

const FLATTEN = 'embed it with `kubectl config view --raw --flatten --minify`';
const STATIC_TOKEN =
  'Kubewatch needs a static token, e.g. a service-account token (`kubectl create token <service-account>`), or an embedded client certificate';
const USER2_TOKEN =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6IiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6bW9uaXRvcmluZzpjbHVzdGVyLXJlYWRlciJ9.c2lnbmF0dXJl';

function byName(contexts: KubeconfigContext[], name: string): KubeconfigContext {
  const found = contexts.find((c) => c.context === name);
  if (!found) throw new Error(`no context ${name}`);
  return found;
}

/** Every message the parser produced, to check that no secret leaks into one. */
function messages(contexts: KubeconfigContext[]): string {
  return contexts.flatMap((c) => [...c.problems, ...c.warnings]).join('\n');
}

function thrown(text: string): KubeconfigError {
  try {
    parseKubeconfig(text);
  } catch (error) {
    expect(error).toBeInstanceOf(KubeconfigError);
    return error as KubeconfigError;
  }
  throw new Error('expected parseKubeconfig to throw');
}

describe('the two-context fixture', () => {
  // The base64 fields, read straight from the fixture, decoded here independently of the code.
  const raw = parse(twoYaml) as {
    clusters: { cluster: Record<string, string> }[];
    users: { user: Record<string, string> }[];
  };
  const decode = (b64: string | undefined) => Buffer.from(b64 ?? '', 'base64').toString('utf8');
  const caPem = decode(raw.clusters[0]?.cluster['certificate-authority-data']);
  const certPem = decode(raw.users[0]?.user['client-certificate-data']);
  const keyPem = decode(raw.users[0]?.user['client-key-data']);
  const contexts = parseKubeconfig(twoYaml);

  it('YAML and JSON give the same result', () => {
    expect(parseKubeconfig(twoJson)).toEqual(contexts);
  });

  it('lists both contexts in file order with cluster, user, namespace and current flag', () => {
    expect(contexts.map((c) => [c.context, c.cluster, c.user, c.namespace, c.current, c.suggestedName])).toEqual([
      ['context1', 'cluster1', 'user1', undefined, false, 'context1'],
      ['context2', 'cluster2', 'user2', 'namespace2', true, 'context2'],
    ]);
    expect(contexts.every((c) => c.problems.length === 0)).toBe(true);
  });

  it('omits namespace for a context without one', () => {
    expect(byName(contexts, 'context1')).not.toHaveProperty('namespace');
  });

  it('context1: https server, CA and client certificate converted from base64 to PEM', () => {
    const c1 = byName(contexts, 'context1');
    expect(c1.connection).toEqual({
      server: 'https://127.0.0.1:6443',
      caCert: caPem,
      clientCert: certPem,
      clientKey: keyPem,
      insecureSkipVerify: false,
    });
    const ca = c1.connection?.caCert ?? '';
    expect(ca.startsWith('-----BEGIN CERTIFICATE-----\n')).toBe(true);
    // The PEM body is the base64 of a DER certificate for CN=localhost (self-signed, so the CA).
    const body = ca.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
    const der = Buffer.from(body, 'base64');
    expect(ca).toBe(caPem);
    expect(new X509Certificate(der).subject).toBe('CN=localhost');
    expect(new X509Certificate(ca).raw.equals(der)).toBe(true);
    // The client key belongs to the client certificate.
    const cert = new X509Certificate(c1.connection?.clientCert ?? '');
    expect(cert.checkPrivateKey(createPrivateKey(c1.connection?.clientKey ?? ''))).toBe(true);
    expect(c1.connection?.clientKey?.startsWith('-----BEGIN PRIVATE KEY-----')).toBe(true);
  });

  it('context1: tls-server-name is reported as ignored, not as a problem', () => {
    expect(byName(contexts, 'context1').warnings).toEqual([
      "cluster 'cluster1': tls-server-name (localhost) is not supported and is ignored; the server certificate must be valid for the host of https://127.0.0.1:6443",
    ]);
  });

  it('context2: http server with insecure-skip-tls-verify and a bearer token', () => {
    const c2 = byName(contexts, 'context2');
    expect(c2.connection).toEqual({ server: 'http://127.0.0.1:8001', token: USER2_TOKEN, insecureSkipVerify: true });
    expect(c2.warnings).toEqual([]);
  });
});

describe('contexts that cannot be used from the server', () => {
  it('exec plugins name the command and ask for a static token; exec env is never echoed', () => {
    const contexts = parseKubeconfig(read('kubeconfig/exec-plugins.yaml'));
    expect(contexts.map((c) => [c.context, c.suggestedName, c.current, c.namespace, c.connection])).toEqual([
      ['arn:aws:eks:eu-west-1:123456789012:cluster/prod', 'prod', false, undefined, undefined],
      ['gke_acme-project_europe-west1_prod-eu', 'prod-eu', true, 'monitoring', undefined],
      ['aks-staging', 'aks-staging', false, undefined, undefined],
    ]);
    expect(contexts[0]).not.toHaveProperty('namespace');
    const runs =
      "which runs on the uploader's machine and cannot run on the Kubewatch server; " + STATIC_TOKEN;
    expect(contexts.map((c) => c.problems)).toEqual([
      [`user 'arn:aws:eks:eu-west-1:123456789012:cluster/prod' gets its credentials from the exec plugin 'aws', ${runs}`],
      [`user 'gke_acme-project_europe-west1_prod-eu' gets its credentials from the exec plugin 'gke-gcloud-auth-plugin', ${runs}`],
      [`user 'clusterUser_rg_aks-staging' gets its credentials from the exec plugin 'kubelogin', ${runs}`],
    ]);
    expect(messages(contexts)).not.toContain('DO-NOT-LEAK');
    expect(messages(contexts)).not.toContain('get-token');
  });

  it('file paths are named and the flatten command is suggested; tokenFile asks for an inline token', () => {
    const contexts = parseKubeconfig(read('kubeconfig/file-paths.yaml'));
    expect(byName(contexts, 'minikube')).toMatchObject({
      cluster: 'minikube',
      user: 'minikube',
      namespace: 'default',
      current: true,
      problems: [
        `cluster 'minikube': certificate-authority references a file on the uploader's machine (/home/me/.minikube/ca.crt); ${FLATTEN}`,
        `user 'minikube': client-certificate references a file on the uploader's machine (/home/me/.minikube/profiles/minikube/client.crt); ${FLATTEN}`,
        `user 'minikube': client-key references a file on the uploader's machine (/home/me/.minikube/profiles/minikube/client.key); ${FLATTEN}`,
      ],
    });
    expect(byName(contexts, 'token-file')).toMatchObject({
      current: false,
      problems: [
        "user 'token-file-user': tokenFile references a file on the uploader's machine (/home/me/.kube/token); put the token itself in the kubeconfig as `token:`",
      ],
    });
    expect(contexts.map((c) => c.connection)).toEqual([undefined, undefined]);
  });

  it('token-file is never read from the server disk (client-node would read it)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kubeconfig-test-'));
    const secretFile = path.join(dir, 'sa-token');
    writeFileSync(secretFile, 'server-local-secret-DO-NOT-LEAK');
    try {
      const text = [
        'clusters: [{name: c, cluster: {server: "https://10.9.0.1:6443"}}]',
        'contexts: [{name: x, context: {cluster: c, user: u}}, {name: y, context: {cluster: c, user: missing-file}}]',
        `users: [{name: u, user: {token-file: ${JSON.stringify(secretFile)}}},`,
        '        {name: missing-file, user: {token-file: /nonexistent/token}}]',
      ].join('\n');
      const contexts = parseKubeconfig(text);
      expect(contexts.map((c) => c.problems)).toEqual([
        [`user 'u': token-file references a file on the uploader's machine (${secretFile}); put the token itself in the kubeconfig as \`token:\``],
        ["user 'missing-file': token-file references a file on the uploader's machine (/nonexistent/token); put the token itself in the kubeconfig as `token:`"],
      ]);
      expect(contexts.map((c) => c.connection)).toEqual([undefined, undefined]);
      expect(JSON.stringify(contexts)).not.toContain('server-local-secret');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('auth-provider is a problem and its config (tokens, client secret) is never echoed', () => {
    const contexts = parseKubeconfig(read('kubeconfig/auth-provider.yaml'));
    expect(contexts).toHaveLength(1);
    expect(contexts[0]?.connection).toBeUndefined();
    expect(contexts[0]?.problems).toEqual([
      `user 'oidc-user' uses the auth-provider 'oidc', which refreshes credentials on the uploader's machine and cannot be used from the Kubewatch server; ${STATIC_TOKEN}`,
    ]);
    expect(JSON.stringify(contexts)).not.toContain('DO-NOT-LEAK');
  });

  it('a missing user or cluster is reported on the context that refers to it', () => {
    const contexts = parseKubeconfig(read('kubeconfig/missing-refs.yaml'));
    expect(contexts.map((c) => [c.context, c.problems])).toEqual([
      ['missing-user', ["context 'missing-user' refers to user 'ghost-user', which is not defined in this kubeconfig"]],
      ['missing-cluster', ["context 'missing-cluster' refers to cluster 'ghost-cluster', which is not defined in this kubeconfig"]],
      ['fine', []],
    ]);
    expect(contexts.map((c) => c.current)).toEqual([false, false, false]); // no current-context
    expect(byName(contexts, 'missing-user').connection).toBeUndefined();
    expect(byName(contexts, 'missing-cluster').connection).toBeUndefined();
    expect(byName(contexts, 'fine').connection).toEqual({
      server: 'https://10.1.0.1:6443',
      token: 'fine-token-DO-NOT-LEAK',
      insecureSkipVerify: true,
    });
    expect(messages(contexts)).not.toContain('DO-NOT-LEAK');
  });

  it('non-http servers and basic auth are problems; a trailing slash on the server is dropped', () => {
    const contexts = parseKubeconfig(read('kubeconfig/bad-servers.yaml'));
    expect(contexts.map((c) => [c.context, c.problems])).toEqual([
      ['unix', ["cluster 'unix-socket': server unix:///var/run/kube.sock is not an http:// or https:// URL (scheme unix)"]],
      ['schemeless', ["cluster 'no-scheme': server 10.3.0.1:6443 is not a URL; expected https://host:port"]],
      [
        'basic',
        [
          "user 'admin-basic' uses username/password (basic) authentication, which Kubernetes no longer supports (removed in v1.19); use a service-account token or a client certificate",
        ],
      ],
      ['trailing-slash', []],
    ]);
    expect(byName(contexts, 'trailing-slash').connection).toEqual({
      server: 'https://10.3.0.2:6443',
      token: 'sa-token-DO-NOT-LEAK',
      insecureSkipVerify: false,
    });
    expect(messages(contexts)).not.toContain('DO-NOT-LEAK');
  });

  it('impersonation, token plus certificate, and half a client certificate are problems', () => {
    const certData = (parse(twoYaml) as { users: { user: Record<string, string> }[] }).users[0]?.user['client-certificate-data'];
    const text = [
      'clusters: [{name: c, cluster: {server: "https://10.4.0.1"}}]',
      'contexts:',
      '- {name: as, context: {cluster: c, user: impersonating}}',
      '- {name: both, context: {cluster: c, user: token-and-cert}}',
      '- {name: half, context: {cluster: c, user: cert-only}}',
      '- {name: anonymous, context: {cluster: c}}',
      'users:',
      '- {name: impersonating, user: {token: t-DO-NOT-LEAK, as: admin, as-groups: [system:masters]}}',
      `- {name: token-and-cert, user: {token: t-DO-NOT-LEAK, client-certificate-data: ${certData}, client-key-data: ${certData}}}`,
      `- {name: cert-only, user: {client-certificate-data: ${certData}}}`,
    ].join('\n');
    const contexts = parseKubeconfig(text);
    expect(contexts.map((c) => c.problems)).toEqual([
      ["user 'impersonating' impersonates another identity (as, as-groups), which Kubewatch does not support; use credentials of the identity itself"],
      ["user 'token-and-cert' has both a token and a client certificate; Kubewatch uses one of them: remove the other"],
      ["user 'cert-only' has client-certificate-data but no client-key-data"],
      [],
    ]);
    expect(byName(contexts, 'anonymous')).toMatchObject({
      user: '',
      connection: { server: 'https://10.4.0.1', insecureSkipVerify: false },
      warnings: ["context 'anonymous' names no user: requests will be anonymous"],
    });
    expect(messages(contexts)).not.toContain('DO-NOT-LEAK');
  });

  it('a context without a cluster and a cluster without a server are per-context problems', () => {
    const text = [
      'clusters: [{name: empty, cluster: {insecure-skip-tls-verify: true}}, {name: twice, cluster: {server: "https://a"}}, {name: twice, cluster: {server: "https://b"}}]',
      'users: [{name: u, user: {token: abc}}]',
      'contexts:',
      '- {name: no-cluster, context: {user: u}}',
      '- {name: no-server, context: {cluster: empty, user: u}}',
      '- {name: dup-cluster, context: {cluster: twice, user: u}}',
    ].join('\n');
    expect(parseKubeconfig(text).map((c) => [c.context, c.cluster, c.problems])).toEqual([
      ['no-cluster', '', ["context 'no-cluster' names no cluster"]],
      ['no-server', 'empty', ["cluster 'empty' has no server URL (cluster.server is missing or not a string)"]],
      ['dup-cluster', 'twice', ["cluster 'twice' is defined 2 times in this kubeconfig; keep one"]],
    ]);
  });
});

describe('suggested names', () => {
  it.each([
    ['arn:aws:eks:eu-west-1:123:cluster/prod', 'prod'],
    ['gke_project_europe-west1_prod-eu', 'prod-eu'],
    ['kind-kind', 'kind-kind'],
    ['docker-desktop', 'docker-desktop'],
    ['default/api-crc-testing:6443/kube:admin', 'default-api-crc-testing-6443-kube-admin'],
    ['Prüfung__Cluster', 'prufung-cluster'],
    ['--weird..name--', 'weird-name'],
    ['***', 'cluster'],
    ['a'.repeat(70), 'a'.repeat(63)],
    [`${'x'.repeat(62)}-y`, 'x'.repeat(62)],
  ])('%s -> %s', (context, name) => expect(suggestClusterName(context)).toBe(name));

  it('are unique within one file: -2, -3, ... in file order', () => {
    const contexts = parseKubeconfig(read('kubeconfig/duplicate-names.yaml'));
    expect(contexts.map((c) => c.suggestedName)).toEqual(['prod', 'prod-2', 'prod-3', 'prod-4', 'team-a-prod-cluster']);
  });

  it('stay within 63 characters when a suffix is added', () => {
    const long = 'a'.repeat(70);
    const text = [
      'clusters: [{name: c, cluster: {server: "https://10.5.0.1"}}]',
      `contexts: [{name: ${long}, context: {cluster: c}}, {name: ${long}B, context: {cluster: c}}]`,
    ].join('\n');
    expect(parseKubeconfig(text).map((c) => c.suggestedName)).toEqual(['a'.repeat(63), `${'a'.repeat(61)}-2`]);
  });
});

describe('unusable uploads throw KubeconfigError', () => {
  it.each(['', '   \n\t', '# only a comment\n'])('empty input %j', (text) => {
    expect(thrown(text).message).toMatch(/^the kubeconfig is empty/);
  });

  it('garbage that is not YAML or JSON gives the position but never the source text', () => {
    const text = 'users:\n- name: u\n  user:\n    token: garbage-token-DO-NOT-LEAK\n   bad: : x\n';
    const error = thrown(text);
    expect(error.message).toMatch(/^the kubeconfig is not valid YAML or JSON \([A-Z_]+ at line \d+, column \d+\)$/);
    expect(error.message).not.toContain('DO-NOT-LEAK');
    expect(thrown('{{{ : :').message).toMatch(/not valid YAML or JSON/);
    expect(thrown('apiVersion: v1\nkind: \u0000\u0001\u0002binary').message).toBe(
      'the kubeconfig is not valid YAML or JSON (control character or binary data at line 2, column 7)',
    );
  });

  it('several YAML documents and duplicate keys are rejected', () => {
    expect(thrown('clusters: []\n---\ncontexts: []\n').message).toMatch(/MULTIPLE_DOCS/);
    expect(thrown('contexts: []\ncontexts: []\n').message).toMatch(/DUPLICATE_KEY/);
  });

  it('a JSON array is not a kubeconfig', () => {
    expect(thrown(JSON.stringify([parse(twoYaml)])).message).toBe(
      'not a kubeconfig: expected an object with clusters, users and contexts, got a list',
    );
  });

  it('plain text, another kind, and an object without clusters or contexts are not kubeconfigs', () => {
    expect(thrown('hello world').message).toBe(
      'not a kubeconfig: expected an object with clusters, users and contexts, got a string',
    );
    expect(thrown('{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"}}').message).toBe(
      'not a kubeconfig: kind is "Pod", expected "Config"',
    );
    expect(thrown('apiVersion: v1\nitems: []\n').message).toBe('not a kubeconfig: it has neither clusters nor contexts');
  });

  it('zero contexts', () => {
    const text = 'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: "https://10.6.0.1"}\ncontexts: []\nusers: []\n';
    expect(thrown(text).message).toBe('the kubeconfig has no contexts (each context names a cluster and a user to import)');
  });

  it('more than 1 MiB, counted in UTF-8 bytes; exactly 1 MiB is accepted', () => {
    expect(MAX_KUBECONFIG_BYTES).toBe(1_048_576);
    const exact = `${twoYaml}#${'x'.repeat(1_048_576 - Buffer.byteLength(twoYaml) - 2)}\n`;
    expect(Buffer.byteLength(exact)).toBe(1_048_576);
    expect(parseKubeconfig(exact)).toHaveLength(2);
    expect(thrown(`${exact}#`).message).toBe('the kubeconfig is too large (over 1048576 bytes, 1 MiB)');
    // 600,000 characters but 1,200,000 bytes.
    expect(thrown(`${twoYaml}#${'é'.repeat(600_000)}\n`).message).toMatch(/too large/);
  });
});

describe('selectContexts', () => {
  const two = parseKubeconfig(twoYaml);
  const mixed = parseKubeconfig(read('kubeconfig/missing-refs.yaml'));

  it('without names selects every context that has a connection', () => {
    expect(selectContexts(two).selected.map((c) => c.context)).toEqual(['context1', 'context2']);
    expect(selectContexts(mixed)).toEqual({ selected: [byName(mixed, 'fine')], unknown: [] });
  });

  it('with names selects those (in the order given, once) and reports unknown names', () => {
    expect(selectContexts(two, ['context2', 'nope', 'context2', 'context1'])).toEqual({
      selected: [byName(two, 'context2'), byName(two, 'context1')],
      unknown: ['nope'],
    });
  });

  it('a named context with problems is selected so its problems can be reported', () => {
    const { selected, unknown } = selectContexts(mixed, ['missing-user']);
    expect(unknown).toEqual([]);
    expect(selected.map((c) => [c.context, c.connection, c.problems.length])).toEqual([['missing-user', undefined, 1]]);
  });

  it('an empty list selects nothing', () => {
    expect(selectContexts(two, [])).toEqual({ selected: [], unknown: [] });
  });
});

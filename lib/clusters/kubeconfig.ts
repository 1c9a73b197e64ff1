import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { parseDocument } from 'yaml';
import { kubernetesConnectionSchema, type KubernetesConnection } from './connection-schema';

/**
 * Turning an uploaded kubeconfig into cluster registrations: one entry per context, with the
 * connection Kubewatch can use from its server, or the precise reasons it cannot.
 *
 * Only inline data is used. Anything that lives on the uploader's machine (file paths, exec
 * plugins, auth-provider refreshes) is reported as a problem, never read or run. Secrets (tokens,
 * keys, passwords, auth-provider config) never appear in a problem, warning or error message.
 *
 * Parsing: the text is parsed once with `yaml` (YAML 1.2, so JSON too; duplicate keys, several
 * documents and alias bombs are rejected), `token-file` entries are removed, and the result is
 * handed to @kubernetes/client-node's `KubeConfig.loadFromString`. The pre-parse is needed because
 * client-node 2.0.1 reads `token-file` from the local disk inside `loadFromString` (an uploaded
 * file could otherwise make the server read its own service-account token), and because its YAML
 * errors quote the offending source lines, which may contain a token.
 */

/** Largest kubeconfig accepted, in UTF-8 bytes (1 MiB). */
export const MAX_KUBECONFIG_BYTES = 1024 * 1024;

/** Longest suggested cluster name (a DNS label). */
const MAX_NAME_LENGTH = 63;

const FLATTEN_HINT = 'embed it with `kubectl config view --raw --flatten --minify`';
const TOKEN_FILE_HINT = 'put the token itself in the kubeconfig as `token:`';
const STATIC_TOKEN_HINT =
  'Kubewatch needs a static token, e.g. a service-account token (`kubectl create token <service-account>`), or an embedded client certificate';

/** The whole upload is unusable (empty, not YAML/JSON, not a kubeconfig, too large, no contexts). */
export class KubeconfigError extends Error {
  override readonly name = 'KubeconfigError';
}

/** One context of an uploaded kubeconfig, ready to be shown for selection and imported. */
export interface KubeconfigContext {
  /** The context's name in the kubeconfig. */
  context: string;
  /** The cluster the context refers to ('' when it names none). */
  cluster: string;
  /** The user the context refers to ('' when it names none: anonymous). */
  user: string;
  /** The context's default namespace; absent when the context sets none. */
  namespace?: string;
  /** Whether this is the kubeconfig's `current-context`. */
  current: boolean;
  /** A cluster name derived from the context name (see {@link suggestClusterName}), unique within the file. */
  suggestedName: string;
  /** What Kubewatch would connect with, validated by `kubernetesConnectionSchema`; absent when there are problems. */
  connection?: KubernetesConnection;
  /** Why this context cannot be used from the server; empty when `connection` is set. */
  problems: string[];
  /** Settings that are ignored but do not prevent the import (e.g. `tls-server-name`). */
  warnings: string[];
}

/**
 * Parses a kubeconfig (YAML or JSON) into its contexts, in file order.
 * Throws {@link KubeconfigError} when the upload as a whole is unusable; per-context issues are
 * reported in each entry's `problems`.
 */
export function parseKubeconfig(text: string): KubeconfigContext[] {
  const raw = parseRaw(text);
  const rawClusters = namedEntries(raw.clusters, 'cluster');
  const rawUsers = namedEntries(raw.users, 'user');
  const rawContexts = namedEntries(raw.contexts, 'context');
  if (rawContexts.length === 0) {
    throw new KubeconfigError('the kubeconfig has no contexts (each context names a cluster and a user to import)');
  }

  const kc = new KubeConfig();
  try {
    // Invalid entries are filtered out here and explained per context below.
    kc.loadFromString(JSON.stringify(withoutTokenFiles(raw)), { onInvalidEntry: 'filter' });
  } catch {
    throw new KubeconfigError('the kubeconfig could not be read by the Kubernetes client');
  }
  const clusters = kc.getClusters();
  const users = kc.getUsers();
  const contexts = kc.getContexts();
  const current = typeof raw['current-context'] === 'string' ? raw['current-context'] : undefined;

  const taken = new Set<string>();
  const result: KubeconfigContext[] = [];
  let next = 0; // client-node keeps valid contexts in file order; match them to the raw entries.
  for (const entry of rawContexts) {
    const candidate = contexts[next];
    const parsed = candidate && String(candidate.name) === entry.name ? candidate : undefined;
    if (parsed) next += 1;
    const item = describeContext(entry, parsed, { rawClusters, rawUsers, clusters, users, rawContexts });
    item.current = item.context === current;
    item.suggestedName = uniqueName(suggestClusterName(item.context), taken);
    result.push(item);
  }
  return result;
}

/**
 * Picks the contexts to import. Without `names`: every context that has a connection. With
 * `names` (context names, duplicates ignored, in the order given): the matching contexts, whether
 * or not they have a connection (the caller reports their `problems`), and the names that match no
 * context in `unknown`. An empty `names` selects nothing.
 */
export function selectContexts(
  contexts: readonly KubeconfigContext[],
  names?: readonly string[],
): { selected: KubeconfigContext[]; unknown: string[] } {
  if (names === undefined) return { selected: contexts.filter((c) => c.connection !== undefined), unknown: [] };
  const selected: KubeconfigContext[] = [];
  const unknown: string[] = [];
  for (const name of new Set(names)) {
    const match = contexts.find((c) => c.context === name);
    if (match) selected.push(match);
    else unknown.push(name);
  }
  return { selected, unknown };
}

/**
 * A DNS label (RFC 1123: lowercase letters, digits and '-', 1-63 characters, starting and ending
 * with a letter or digit) derived from a context name:
 * - an ARN (`arn:aws:eks:eu-west-1:123:cluster/prod`) gives its last '/' or ':' segment (`prod`);
 * - a GKE context (`gke_<project>_<location>_<name>`) gives `<name>`;
 * - anything else is used whole.
 * Then: accents stripped, lowercased, every run of other characters becomes one '-', leading and
 * trailing '-' removed, cut to 63 characters; `cluster` if nothing is left.
 */
export function suggestClusterName(contextName: string): string {
  let base = contextName;
  if (/^arn:/i.test(base)) {
    base = base.split(/[/:]/).filter(Boolean).at(-1) ?? base;
  } else {
    const gke = /^gke_[^_]+_[^_]+_(.+)$/.exec(base);
    if (gke?.[1]) base = gke[1];
  }
  const label = base
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, MAX_NAME_LENGTH)
    .replace(/-+$/, '');
  return label || 'cluster';
}

// --- parsing ----------------------------------------------------------------------------------

type RawObject = Record<string, unknown>;
interface RawEntry {
  name: string;
  body: RawObject | undefined;
}

function isObject(value: unknown): value is RawObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseRaw(text: string): RawObject {
  // Cheap check first: a string never has more UTF-8 bytes than UTF-16 units * 3.
  const bytes = text.length > MAX_KUBECONFIG_BYTES ? text.length : Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_KUBECONFIG_BYTES) {
    throw new KubeconfigError(`the kubeconfig is too large (over ${MAX_KUBECONFIG_BYTES} bytes, 1 MiB)`);
  }
  if (text.trim() === '') throw new KubeconfigError('the kubeconfig is empty');

  // YAML and JSON forbid these; the yaml parser would accept them inside a plain scalar.
  const control = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.exec(text);
  if (control) {
    const { line, column } = lineAndColumn(text, control.index);
    throw new KubeconfigError(`the kubeconfig is not valid YAML or JSON (control character or binary data at line ${line}, column ${column})`);
  }
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    // Only the error code and position: yaml's messages may quote the source, which may hold a token.
    const { line, column } = lineAndColumn(text, error.pos[0]);
    throw new KubeconfigError(`the kubeconfig is not valid YAML or JSON (${error.code} at line ${line}, column ${column})`);
  }
  if (doc.contents === null) throw new KubeconfigError('the kubeconfig is empty (only comments)');
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch {
    throw new KubeconfigError('the kubeconfig is not valid YAML (too many aliases)');
  }
  if (!isObject(value)) {
    const got = Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`;
    throw new KubeconfigError(`not a kubeconfig: expected an object with clusters, users and contexts, got ${got}`);
  }
  if (typeof value.kind === 'string' && value.kind !== 'Config') {
    throw new KubeconfigError(`not a kubeconfig: kind is ${JSON.stringify(value.kind)}, expected "Config"`);
  }
  if (!('clusters' in value) && !('contexts' in value)) {
    throw new KubeconfigError('not a kubeconfig: it has neither clusters nor contexts');
  }
  return value;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** Entries of a kubeconfig list (`clusters`, `users`, `contexts`) that have a name, in order. */
function namedEntries(list: unknown, bodyKey: 'cluster' | 'user' | 'context'): RawEntry[] {
  if (!Array.isArray(list)) return [];
  const entries: RawEntry[] = [];
  for (const item of list) {
    // client-node skips entries with a falsy name too.
    if (!isObject(item) || !item.name || isObject(item.name) || Array.isArray(item.name)) continue;
    const body = item[bodyKey];
    entries.push({ name: String(item.name), body: isObject(body) ? body : undefined });
  }
  return entries;
}

/** A copy without `token-file`, which client-node's loadFromString would read from the local disk. */
function withoutTokenFiles(raw: RawObject): RawObject {
  if (!Array.isArray(raw.users)) return raw;
  const users = raw.users.map((entry: unknown) => {
    if (!isObject(entry) || !isObject(entry.user) || !('token-file' in entry.user)) return entry;
    const { 'token-file': _dropped, ...user } = entry.user;
    return { ...entry, user };
  });
  return { ...raw, users };
}

// --- one context --------------------------------------------------------------------------------

interface Lookup {
  rawClusters: RawEntry[];
  rawUsers: RawEntry[];
  rawContexts: RawEntry[];
  clusters: Cluster[];
  users: User[];
}

function describeContext(entry: RawEntry, parsed: Context | undefined, lookup: Lookup): KubeconfigContext {
  const body = entry.body ?? {};
  const clusterName = parsed ? String(parsed.cluster) : stringField(body.cluster);
  const userName = parsed?.user ? String(parsed.user) : (stringField(body.user) ?? '');
  const item: KubeconfigContext = {
    context: entry.name,
    cluster: clusterName ?? '',
    user: userName,
    current: false,
    suggestedName: '',
    problems: [],
    warnings: [],
  };
  if (parsed?.namespace) item.namespace = String(parsed.namespace);
  const problems = item.problems;

  const sameName = lookup.rawContexts.filter((c) => c.name === entry.name).length;
  if (sameName > 1) problems.push(`context '${entry.name}' is defined ${sameName} times in this kubeconfig; rename or remove the others`);

  let candidate: Record<string, unknown> = {};
  if (!parsed || !clusterName) {
    problems.push(`context '${entry.name}' names no cluster`);
  } else {
    candidate = { ...candidate, ...clusterPart(clusterName, lookup, item) };
  }
  if (userName) candidate = { ...candidate, ...userPart(userName, lookup, item) };
  else if (parsed) item.warnings.push(`context '${entry.name}' names no user: requests will be anonymous`);

  if (problems.length > 0) return item;
  const checked = kubernetesConnectionSchema.safeParse(candidate);
  if (checked.success) {
    item.connection = checked.data;
  } else {
    // zod 4 issue messages do not quote the input.
    for (const issue of checked.error.issues) problems.push(`connection rejected: ${issue.path.join('.') || 'value'}: ${issue.message}`);
  }
  return item;
}

function clusterPart(name: string, lookup: Lookup, item: KubeconfigContext): Record<string, unknown> {
  const problems = item.problems;
  const raw = lookup.rawClusters.filter((c) => c.name === name);
  if (raw.length === 0) {
    problems.push(`context '${item.context}' refers to cluster '${name}', which is not defined in this kubeconfig`);
    return {};
  }
  if (raw.length > 1) {
    problems.push(`cluster '${name}' is defined ${raw.length} times in this kubeconfig; keep one`);
    return {};
  }
  const cluster = lookup.clusters.find((c) => String(c.name) === name);
  if (!cluster || typeof cluster.server !== 'string' || cluster.server === '') {
    problems.push(`cluster '${name}' has no server URL (cluster.server is missing or not a string)`);
    return {};
  }
  const part: Record<string, unknown> = { server: cluster.server, insecureSkipVerify: cluster.skipTLSVerify };

  const serverProblem = checkServer(cluster.server);
  if (serverProblem) problems.push(`cluster '${name}': ${serverProblem}`);

  if (cluster.caData !== undefined && cluster.caData !== null) {
    const pem = decodePem(cluster.caData);
    if (pem === undefined) problems.push(`cluster '${name}': certificate-authority-data is not base64-encoded PEM text`);
    else part.caCert = pem;
  } else if (cluster.caFile) {
    problems.push(`cluster '${name}': certificate-authority ${fileReference(cluster.caFile)}`);
  }
  if (cluster.tlsServerName) {
    item.warnings.push(
      `cluster '${name}': tls-server-name (${String(cluster.tlsServerName)}) is not supported and is ignored; the server certificate must be valid for the host of ${describeServer(cluster.server)}`,
    );
  }
  if (cluster.proxyUrl) item.warnings.push(`cluster '${name}': proxy-url is ignored; Kubewatch connects directly`);
  return part;
}

function userPart(name: string, lookup: Lookup, item: KubeconfigContext): Record<string, unknown> {
  const problems = item.problems;
  const raw = lookup.rawUsers.filter((u) => u.name === name);
  if (raw.length === 0) {
    problems.push(`context '${item.context}' refers to user '${name}', which is not defined in this kubeconfig`);
    return {};
  }
  if (raw.length > 1) {
    problems.push(`user '${name}' is defined ${raw.length} times in this kubeconfig; keep one`);
    return {};
  }
  const user = lookup.users.find((u) => String(u.name) === name);
  const body = raw[0]?.body ?? {};
  if (!user) return {};
  const part: Record<string, unknown> = {};
  const prefix = `user '${name}'`;
  const problemsBefore = problems.length;

  if (user.exec) {
    const command = isObject(user.exec) && typeof user.exec.command === 'string' ? user.exec.command : undefined;
    problems.push(
      `${prefix} gets its credentials from the exec plugin ${command ? `'${command}'` : '(no command)'}, which runs on the uploader's machine and cannot run on the Kubewatch server; ${STATIC_TOKEN_HINT}`,
    );
  }
  if (user.authProvider) {
    const provider = isObject(user.authProvider) && typeof user.authProvider.name === 'string' ? user.authProvider.name : undefined;
    problems.push(
      `${prefix} uses the auth-provider ${provider ? `'${provider}'` : '(unnamed)'}, which refreshes credentials on the uploader's machine and cannot be used from the Kubewatch server; ${STATIC_TOKEN_HINT}`,
    );
  }
  for (const key of ['tokenFile', 'token-file'] as const) {
    const path = body[key];
    if (path !== undefined) problems.push(`${prefix}: ${key} ${fileReference(path, TOKEN_FILE_HINT)}`);
  }
  const impersonation = ['as', 'as-uid', 'as-groups', 'as-user-extra'].filter((key) => body[key] !== undefined);
  if (impersonation.length > 0) {
    problems.push(
      `${prefix} impersonates another identity (${impersonation.join(', ')}), which Kubewatch does not support; use credentials of the identity itself`,
    );
  }

  if (user.token !== undefined && user.token !== null) {
    if (typeof user.token !== 'string') problems.push(`${prefix}: token is not a string`);
    else if (user.token.trim() !== '') part.token = user.token.trim();
  }

  const hasCert = user.certData !== undefined && user.certData !== null;
  const hasKey = user.keyData !== undefined && user.keyData !== null;
  if (hasCert) {
    const pem = decodePem(user.certData);
    if (pem === undefined) problems.push(`${prefix}: client-certificate-data is not base64-encoded PEM text`);
    else part.clientCert = pem;
  } else if (user.certFile) {
    problems.push(`${prefix}: client-certificate ${fileReference(user.certFile)}`);
  }
  if (hasKey) {
    const pem = decodePem(user.keyData);
    if (pem === undefined) problems.push(`${prefix}: client-key-data is not base64-encoded PEM text`);
    else part.clientKey = pem;
  } else if (user.keyFile) {
    problems.push(`${prefix}: client-key ${fileReference(user.keyFile)}`);
  }
  if (hasCert && !hasKey && !user.keyFile) problems.push(`${prefix} has client-certificate-data but no client-key-data`);
  if (hasKey && !hasCert && !user.certFile) problems.push(`${prefix} has client-key-data but no client-certificate-data`);
  if (part.token !== undefined && hasCert) {
    problems.push(`${prefix} has both a token and a client certificate; Kubewatch uses one of them: remove the other`);
  }

  const basic = Boolean(user.username || user.password);
  const otherCredentials = part.token !== undefined || hasCert || user.certFile || user.exec || user.authProvider;
  if (basic && !otherCredentials) {
    problems.push(
      `${prefix} uses username/password (basic) authentication, which Kubernetes no longer supports (removed in v1.19); use a service-account token or a client certificate`,
    );
  } else if (basic) {
    item.warnings.push(`${prefix}: username/password is ignored (basic authentication is no longer supported by Kubernetes)`);
  }
  if (!basic && problems.length === problemsBefore && part.token === undefined && part.clientCert === undefined) {
    item.warnings.push(`${prefix} has no credentials: requests will be anonymous`);
  }
  return part;
}

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function fileReference(path: unknown, hint = FLATTEN_HINT): string {
  const where = typeof path === 'string' ? ` (${path})` : '';
  return `references a file on the uploader's machine${where}; ${hint}`;
}

/** Describes a server URL for a message, hiding it when it may carry credentials. */
function describeServer(server: string): string {
  return server.includes('@') ? 'the server URL' : server;
}

function checkServer(server: string): string | undefined {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return `server ${describeServer(server)} is not a URL; expected https://host:port`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `server ${describeServer(server)} is not an http:// or https:// URL (scheme ${url.protocol.slice(0, -1)})`;
  }
  if (url.username || url.password) return 'the server URL contains a username or password, which Kubewatch does not accept';
  return undefined;
}

/** Base64 (kubeconfig `*-data`) to PEM text; undefined when it is not base64 of PEM. */
function decodePem(data: unknown): string | undefined {
  if (typeof data !== 'string') return undefined;
  const compact = data.replace(/\s+/g, '');
  if (compact === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  const text = Buffer.from(compact, 'base64').toString('utf8');
  return text.includes('-----BEGIN ') ? text : undefined;
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n += 1) {
    const suffix = `-${n}`;
    name = `${base.slice(0, MAX_NAME_LENGTH - suffix.length).replace(/-+$/, '')}${suffix}`;
  }
  taken.add(name);
  return name;
}

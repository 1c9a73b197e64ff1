import { Composer, type Document, type Node, Parser } from 'yaml';
import { formatDuration, parseDuration } from '../time/duration';
import { DISABLED_SETTING, GROUP_SETTINGS, KubewatchComments, RULE_SETTINGS, type SettingComment } from './rule-file-extensions';
import { parseDisabledRule, parseRuleNode } from './rule-file-rule';
import type { GroupExtensions, ParsedRuleFile, ParsedRuleGroup, ParsedRuleItem } from './rule-file-types';
import {
  asMap,
  asSeq,
  type DocContext,
  formatPath,
  isNull,
  type MapEntry,
  mapEntries,
  nodePosition,
  type PathSegment,
  type Position,
  RuleFileSource,
  scalarText,
} from './rule-file-yaml';
import { ruleGroupInputSchema } from './rule-schema';

// Reads a Prometheus rule file (`groups:`), a PrometheusRule resource, a `kind: List` of them or
// a multi-document stream, with Prometheus 2.42's checks (rulefmt.Parse and RuleGroups.Validate:
// unique non-empty group names, valid durations, ...). It never throws: every problem is
// reported with its 1-based line and column.

const GROUP_FIELDS = new Set(['name', 'interval', 'limit', 'rules']);
const FIELD_NOTES: Record<string, string> = {
  partial_response_strategy: ' (a Thanos Ruler setting)',
};
const RESOURCE_FIELDS = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
const PROMETHEUS_RULE_API_VERSION = 'monitoring.coreos.com/v1';

interface DocState extends DocContext {
  comments: KubewatchComments;
  /** Every group seen (also those left out), in file order: disabled rules go to the one above them. */
  seen: Array<{ line: number; rulesPath: PathSegment[]; group?: ParsedRuleGroup }>;
}

export function parseRuleFile(text: string, options: { fileName?: string } = {}): ParsedRuleFile {
  const source = new RuleFileSource(text);
  const groups: ParsedRuleGroup[] = [];
  let docs: Array<{ doc: Document; comments: CommentToken[] }>;
  try {
    docs = readDocuments(source);
  } catch (error) {
    source.report({ line: 1, column: 1 }, [], `the file could not be read as YAML: ${(error as Error).message}`, 'error');
    return { groups, problems: source.problems };
  }
  const multiple = docs.filter(({ doc }) => !isNull(doc.contents as Node | undefined)).length > 1;
  docs.forEach(({ doc, comments }, index) => {
    const prefix: PathSegment[] = multiple ? ['documents', index] : [];
    if (doc.errors.length > 0) {
      for (const error of doc.errors) source.report(source.position(error.pos[0]), prefix, error.message, 'error');
      return; // yaml.v3 rejects the whole file; nothing in a broken document is trusted
    }
    const root = doc.contents as Node | null;
    if (root === null || isNull(root)) return; // an empty document has no groups, as in Prometheus
    const state: DocState = { source, doc, prefix, comments: new KubewatchComments(comments), seen: [] };
    try {
      readRoot(state, root, [], options.fileName);
      attachDisabledRules(state);
      reportLeftoverComments(state);
    } catch (error) {
      // a bug here must not lose the other documents, nor throw at the caller
      source.report(nodePosition(state, root) ?? { line: 1, column: 1 }, prefix, `this document could not be read: ${(error as Error).message}`, 'error');
      return;
    }
    for (const entry of state.seen) if (entry.group) groups.push(entry.group);
  });
  source.problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { groups, problems: source.problems };
}

type CommentToken = Position & { offset: number; source: string };

/** The documents, and the whole-line comments of each (from the CST: block scalars hold none). */
function readDocuments(source: RuleFileSource): Array<{ doc: Document; comments: CommentToken[] }> {
  const tokens = Array.from(new Parser(source.lineCounter.addNewLine).parse(source.text));
  const composer = new Composer({ schema: 'failsafe', uniqueKeys: true });
  const docs = Array.from(composer.compose(tokens));
  for (const error of composer.streamInfo().errors) source.report(source.position(error.pos[0]), [], error.message, 'error');
  // Comments outside documents (before the first, after `...`) go to the next document, or the last.
  const commentsPerDoc: CommentToken[][] = [];
  let pending: CommentToken[] = [];
  for (const token of tokens) {
    pending.push(...wholeLineComments(source, token));
    if (token.type === 'document') {
      commentsPerDoc.push(pending);
      pending = [];
    }
  }
  commentsPerDoc[commentsPerDoc.length - 1]?.push(...pending);
  return docs.map((doc, i) => ({ doc, comments: commentsPerDoc[i] ?? [] }));
}

function wholeLineComments(source: RuleFileSource, token: unknown): CommentToken[] {
  const out: CommentToken[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(walk);
    } else if (value !== null && typeof value === 'object') {
      const t = value as { type?: string; offset?: number; source?: unknown };
      if (t.type === 'comment' && typeof t.offset === 'number' && typeof t.source === 'string') {
        const lineStart = source.text.lastIndexOf('\n', t.offset - 1) + 1;
        if (source.text.slice(lineStart, t.offset).trim() === '') out.push({ ...source.position(t.offset), offset: t.offset, source: t.source });
        return;
      }
      for (const [key, child] of Object.entries(value)) if (key !== 'source') walk(child);
    }
  };
  walk(token);
  return out;
}

function report(state: DocState, at: Position, path: PathSegment[], message: string, severity: 'error' | 'unsupported', name?: string) {
  state.source.report(at, [...state.prefix, ...path], message, severity, name);
}

function entriesOf(state: DocState, node: Node, path: PathSegment[]): Map<string, MapEntry> {
  return new Map(mapEntries(state, asMap(node)!, path).map((entry) => [entry.key, entry]));
}

function readRoot(state: DocState, node: Node, path: PathSegment[], fileName: string | undefined): void {
  const at = nodePosition(state, node) ?? { line: 1, column: 1 };
  const file = fileName ? `"${fileName}" is` : 'this is';
  if (!asMap(node)) {
    report(state, at, path, `${file} neither a Prometheus rule file (groups: [...]) nor a PrometheusRule resource`, 'error');
    return;
  }
  const fields = entriesOf(state, node, path);
  const kind = scalarText(fields.get('kind')?.value);
  if (!fields.has('kind') && fields.has('groups')) {
    for (const entry of fields.values()) {
      if (entry.key !== 'groups') unknownField(state, entry, path, 'a Prometheus rule file has only "groups"');
    }
    readGroups(state, fields.get('groups')!, [...path, 'groups']);
  } else if (kind === 'PrometheusRule') {
    readPrometheusRule(state, fields, path);
  } else if (kind && /List$/.test(kind)) {
    const items = fields.get('items');
    const seq = asSeq(items?.value);
    if (!seq) {
      if (!isNull(items?.value)) report(state, items?.at ?? at, [...path, 'items'], 'items must be a list', 'error');
      return;
    }
    seq.items.forEach((item, i) => readRoot(state, item as Node, [...path, 'items', i], fileName));
  } else if (kind) {
    report(state, fields.get('kind')!.at, [...path, 'kind'], `a ${kind} is not a PrometheusRule; it is skipped`, 'unsupported');
  } else {
    report(state, at, path, `${file} neither a Prometheus rule file (groups: [...]) nor a PrometheusRule resource`, 'error');
  }
}

function unknownField(state: DocState, entry: MapEntry, path: PathSegment[], known: string, name?: string): void {
  const at = nodePosition(state, entry.keyNode)!;
  const message = `field "${entry.key}"${FIELD_NOTES[entry.key] ?? ''} is not supported and is ignored (${known})`;
  report(state, at, [...path, entry.key], message, 'unsupported', name);
}

function readPrometheusRule(state: DocState, fields: Map<string, MapEntry>, path: PathSegment[]): void {
  const apiVersion = fields.get('apiVersion');
  const version = scalarText(apiVersion?.value);
  if (version !== PROMETHEUS_RULE_API_VERSION) {
    const at = apiVersion?.at ?? fields.get('kind')!.at;
    report(state, at, [...path, 'apiVersion'], `a PrometheusRule has apiVersion ${PROMETHEUS_RULE_API_VERSION} (got ${JSON.stringify(version ?? '')}); the resource is skipped`, 'error');
    return;
  }
  for (const entry of fields.values()) {
    if (!RESOURCE_FIELDS.has(entry.key)) unknownField(state, entry, path, `a resource has ${[...RESOURCE_FIELDS].join(', ')}`);
  }
  const metadata = fields.get('metadata')?.value;
  const meta = asMap(metadata) ? entriesOf(state, metadata!, [...path, 'metadata']) : new Map<string, MapEntry>();
  const resource = { name: scalarText(meta.get('name')?.value) || undefined, namespace: scalarText(meta.get('namespace')?.value) || undefined };
  const spec = fields.get('spec');
  if (!spec || isNull(spec.value)) return;
  if (!asMap(spec.value)) {
    report(state, spec.at, [...path, 'spec'], 'spec must be a mapping with groups', 'error');
    return;
  }
  const specFields = entriesOf(state, spec.value!, [...path, 'spec']);
  for (const entry of specFields.values()) {
    if (entry.key !== 'groups') unknownField(state, entry, [...path, 'spec'], 'a PrometheusRule spec has only "groups"');
  }
  const groups = specFields.get('groups');
  if (groups) readGroups(state, groups, [...path, 'spec', 'groups'], resource);
}

function readGroups(state: DocState, entry: MapEntry, path: PathSegment[], resource?: ParsedRuleGroup['resource']): void {
  if (isNull(entry.value)) return;
  const seq = asSeq(entry.value);
  if (!seq) {
    report(state, entry.at, path, 'groups must be a list', 'error');
    return;
  }
  const names = new Set<string>(); // unique per file, i.e. per PrometheusRule (the operator writes one file each)
  seq.items.forEach((item, i) => readGroup(state, item as Node, [...path, i], names, resource));
}

function readGroup(state: DocState, node: Node, path: PathSegment[], names: Set<string>, resource?: ParsedRuleGroup['resource']): void {
  const at = nodePosition(state, node) ?? { line: 1, column: 1 };
  if (!asMap(node)) {
    report(state, at, path, 'a group must be a mapping with name, interval and rules', 'error');
    return;
  }
  const fields = entriesOf(state, node, path);
  const name = scalarText(fields.get('name')?.value) ?? '';
  let ok = true;
  const fail = (where: Position, field: PathSegment[], message: string) => {
    ok = false;
    report(state, where, [...path, ...field], message, 'error', name || undefined);
  };
  for (const entry of fields.values()) {
    if (!GROUP_FIELDS.has(entry.key)) unknownField(state, entry, path, `group fields: ${[...GROUP_FIELDS].join(', ')}`, name || undefined);
  }
  // at the group, where Prometheus reports these
  if (name === '') fail(at, ['name'], 'group name must not be empty');
  else if (names.has(name)) fail(at, ['name'], `group name "${name}" is repeated in the same file`);
  names.add(name);
  const interval = durationOf(fields.get('interval'), (where, message) => fail(where, ['interval'], message));
  const limit = limitOf(fields.get('limit'), (where, message) => fail(where, ['limit'], message));
  if (limit) {
    const message = `limit ${limit} is not imported: Kubewatch has no per-rule cap on alerts (Prometheus fails a rule's evaluation above it)`;
    report(state, fields.get('limit')!.at, [...path, 'limit'], message, 'unsupported', name || undefined);
  }
  const kubewatch = groupSettings(state, state.comments.takeAbove(at.line), path, name);
  const items: ParsedRuleItem[] = [];
  const rules = fields.get('rules');
  if (rules && !isNull(rules.value)) {
    const seq = asSeq(rules.value);
    if (!seq) fail(rules.at, ['rules'], 'rules must be a list');
    seq?.items.forEach((item, i) => {
      const parsed = parseRuleNode(state, item as Node, [...path, 'rules', i], state.comments);
      if (parsed) items.push(parsed);
    });
  }
  const group: ParsedRuleGroup = {
    name,
    ...(interval ? { interval } : {}),
    ...(limit ? { limit } : {}),
    ...at,
    path: formatPath([...state.prefix, ...path]),
    ...(resource && (resource.name || resource.namespace) ? { resource } : {}),
    ...(kubewatch ? { kubewatch } : {}),
    items,
  };
  state.seen.push({ line: at.line, rulesPath: [...path, 'rules'], group: ok ? group : undefined });
}

/** A group interval as canonical text; 0 means "the global interval", as in Prometheus. */
function durationOf(entry: MapEntry | undefined, fail: (at: Position, message: string) => void): string | undefined {
  const text = scalarText(entry?.value);
  if (!entry || isNull(entry.value)) return undefined;
  if (text === undefined) return void fail(entry.at, 'interval must be a duration such as 1m');
  try {
    const ms = parseDuration(text);
    return ms === 0 ? undefined : formatDuration(ms);
  } catch (error) {
    return void fail(entry.at, (error as Error).message);
  }
}

function limitOf(entry: MapEntry | undefined, fail: (at: Position, message: string) => void): number | undefined {
  if (!entry || isNull(entry.value)) return undefined;
  const text = scalarText(entry.value);
  if (text === undefined || !/^[-+]?\d+$/.test(text)) return void fail(entry.at, `limit must be an integer (got ${JSON.stringify(text ?? 'a collection')})`);
  const limit = Number(text);
  return limit > 0 ? limit : undefined; // 0 or less: no limit
}

function groupSettings(state: DocState, comments: SettingComment[], path: PathSegment[], name: string): GroupExtensions | undefined {
  const out: GroupExtensions = {};
  const shape = ruleGroupInputSchema.shape;
  for (const comment of comments) {
    const where = [...path, `#kubewatch.${comment.key}`];
    if (!(GROUP_SETTINGS as readonly string[]).includes(comment.key)) {
      const owner = (RULE_SETTINGS as readonly string[]).includes(comment.key) || comment.key === DISABLED_SETTING ? 'a rule' : 'nothing';
      report(state, comment, where, `the kubewatch setting "${comment.key}" belongs to ${owner}, not to a group; it is ignored`, 'unsupported', name);
      continue;
    }
    const key = comment.key as (typeof GROUP_SETTINGS)[number];
    const parsed = shape[key].safeParse(comment.value);
    if (parsed.success) Object.assign(out, { [key]: parsed.data });
    else report(state, comment, where, `the ${key} setting is ignored: ${parsed.error.issues[0]?.message}`, 'unsupported', name);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** `# kubewatch: disabled={...}` comments become disabled rules of the group above them. */
function attachDisabledRules(state: DocState): void {
  state.seen.forEach((entry, i) => {
    const next = state.seen[i + 1]?.line ?? Number.POSITIVE_INFINITY;
    for (const comment of state.comments.takeDisabled(entry.line, next)) {
      const item = parseDisabledRule(state, comment, entry.rulesPath);
      if (item && entry.group) entry.group.items.push(item);
    }
    entry.group?.items.sort((a, b) => a.line - b.line);
  });
}

function reportLeftoverComments(state: DocState): void {
  for (const comment of state.comments.malformed) report(state, comment, [], comment.problem, 'unsupported');
  for (const comment of state.comments.leftovers()) {
    report(state, comment, [`#kubewatch.${comment.key}`], 'this kubewatch comment is not directly above a rule or group; it is ignored', 'unsupported');
  }
}

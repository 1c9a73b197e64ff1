// The channel form's model, driven by the channel type's zod schema as JSON Schema
// (`z.toJSONSchema(schema, { io: 'input' })`, computed on the server): which input each setting
// gets, the form's draft values, and the settings (POST) or JSON Merge Patch (PATCH, preview of a
// stored channel) built from them. Pure functions, no React: shared by the form and unit tests.

/** The part of JSON Schema that zod 4 emits for channel settings. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  pattern?: string;
  format?: string;
  description?: string;
}

/** One channel type as the form gets it from the server. */
export interface ChannelTypeForm {
  type: string;
  title: string;
  schema: JsonSchema;
  /** Dotted secret paths; `headers.*` means every value of the `headers` record. */
  secretPaths: string[];
}

export interface KeyValueDraft {
  key: string;
  value: string;
  /** A stored secret value (not shown): empty keeps it. */
  stored?: boolean;
}

/** Draft values: strings for text and number inputs, booleans, lines for lists, rows for records, nested drafts. */
export type DraftValue = string | boolean | KeyValueDraft[] | Draft;
export interface Draft {
  [key: string]: DraftValue;
}
/** Key of an optional object's "configure this" switch inside its draft (setting names never start with $). */
export const ENABLED = '$enabled';

export type FieldKind =
  | { kind: 'enum'; options: string[] }
  | { kind: 'string'; multiline: boolean }
  | { kind: 'number'; integer: boolean }
  | { kind: 'boolean' }
  | { kind: 'list' }
  | { kind: 'record' }
  | { kind: 'object' }
  | { kind: 'union'; discriminator: string; variants: { value: string; schema: JsonSchema }[] }
  | { kind: 'json' };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const typeIs = (schema: JsonSchema, name: string) => schema.type === name || (Array.isArray(schema.type) && schema.type.includes(name));

/** Long free text (templates, PEM certificates) gets a textarea; short text an input. */
const MULTILINE_FROM = 4096;

/** Which input a schema node needs. */
export function kindOf(schema: JsonSchema): FieldKind {
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants && variants.length > 0 && variants.every((v) => isObject(v.properties))) {
    const first = variants[0]!.properties!;
    const discriminator = Object.keys(first).find((key) => variants.every((v) => typeof v.properties?.[key]?.const === 'string'));
    if (discriminator) {
      return { kind: 'union', discriminator, variants: variants.map((v) => ({ value: v.properties![discriminator]!.const as string, schema: v })) };
    }
  }
  if (Array.isArray(schema.enum) && schema.enum.every((v) => typeof v === 'string')) return { kind: 'enum', options: schema.enum as string[] };
  if (typeIs(schema, 'boolean')) return { kind: 'boolean' };
  if (typeIs(schema, 'integer')) return { kind: 'number', integer: true };
  if (typeIs(schema, 'number')) return { kind: 'number', integer: false };
  if (typeIs(schema, 'string')) return { kind: 'string', multiline: (schema.maxLength ?? 0) >= MULTILINE_FROM };
  if (typeIs(schema, 'array') && schema.items && typeIs(schema.items, 'string')) return { kind: 'list' };
  if (typeIs(schema, 'object')) {
    if (schema.properties) return { kind: 'object' };
    if (isObject(schema.additionalProperties) && typeIs(schema.additionalProperties, 'string')) return { kind: 'record' };
  }
  return { kind: 'json' };
}

/** Whether a setting's path is a secret by the type's secret paths (`*` matches any one key). */
export function isSecretPath(path: readonly string[], secretPaths: readonly string[]): boolean {
  return secretPaths.some((pattern) => {
    const parts = pattern.split('.');
    return parts.length === path.length && parts.every((part, i) => part === '*' || part === path[i]);
  });
}

/** A record whose every value is a secret (`headers.*`). */
export const isSecretRecord = (path: readonly string[], secretPaths: readonly string[]) => isSecretPath([...path, '*'], secretPaths);

/** An optional nested object without a default gets a "configure" switch. */
export const isOptionalObject = (schema: JsonSchema, required: boolean) => !required && schema.default === undefined;

const storedUnder = (path: readonly string[], secretsSet: readonly string[]) => {
  const prefix = path.join('.') + '.';
  return secretsSet.some((p) => p.startsWith(prefix));
};

/** The draft of one setting from its stored value (or its default). */
function initValue(schema: JsonSchema, value: unknown, path: string[], required: boolean, secretPaths: readonly string[], secretsSet: readonly string[]): DraftValue {
  const kind = kindOf(schema);
  const given = value !== undefined ? value : schema.default;
  switch (kind.kind) {
    case 'enum':
      return typeof given === 'string' ? given : required ? kind.options[0] ?? '' : '';
    case 'string':
      // Secrets are never shown: the input starts empty ("set — leave empty to keep").
      return isSecretPath(path, secretPaths) ? '' : typeof given === 'string' ? given : '';
    case 'number':
      return typeof given === 'number' ? String(given) : '';
    case 'boolean':
      return typeof given === 'boolean' ? given : false;
    case 'list':
      return Array.isArray(given) ? given.map(String).join('\n') : '';
    case 'record': {
      const rows: KeyValueDraft[] = Object.entries(isObject(given) ? given : {}).map(([key, v]) => ({ key, value: String(v) }));
      const prefix = path.join('.') + '.';
      for (const secret of secretsSet) {
        if (!secret.startsWith(prefix)) continue;
        const key = secret.slice(prefix.length);
        if (!rows.some((r) => r.key === key)) rows.push({ key, value: '', stored: true });
      }
      return rows;
    }
    case 'object': {
      const draft = initDraft(schema, isObject(given) ? given : {}, path, secretPaths, secretsSet);
      if (isOptionalObject(schema, required)) draft[ENABLED] = value !== undefined || storedUnder(path, secretsSet);
      return draft;
    }
    case 'union': {
      const chosen = isObject(given) && typeof given[kind.discriminator] === 'string' ? (given[kind.discriminator] as string) : kind.variants[0]!.value;
      const draft: Draft = { [kind.discriminator]: chosen };
      for (const variant of kind.variants) {
        const values = variant.value === chosen && isObject(given) ? given : {};
        const fields = initDraft(variant.schema, values, path, secretPaths, secretsSet);
        for (const [key, v] of Object.entries(fields)) if (key !== kind.discriminator && !(key in draft)) draft[key] = v;
      }
      return draft;
    }
    case 'json':
      return given === undefined ? '' : JSON.stringify(given, null, 2);
  }
}

/** The form's draft for an object schema from stored settings (visible ones; secrets come from secretsSet). */
export function initDraft(schema: JsonSchema, value: Record<string, unknown>, path: string[] = [], secretPaths: readonly string[] = [], secretsSet: readonly string[] = []): Draft {
  const draft: Draft = {};
  const required = new Set(schema.required ?? []);
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    draft[key] = initValue(child, value[key], [...path, key], required.has(key), secretPaths, secretsSet);
  }
  return draft;
}

export interface BuildContext {
  secretPaths: readonly string[];
  /** Secret paths stored for this channel (empty for a new one). */
  secretsSet: readonly string[];
  /** Stored secrets the user chose to remove. */
  removed: readonly string[];
}

interface Built {
  config: Record<string, unknown>;
  /** Stored secrets left empty in the form: kept as they are. */
  kept: string[];
}

function buildValue(schema: JsonSchema, draft: DraftValue | undefined, path: string[], required: boolean, ctx: BuildContext, kept: string[]): unknown {
  const kind = kindOf(schema);
  const dotted = path.join('.');
  switch (kind.kind) {
    case 'enum':
      return typeof draft === 'string' && draft !== '' ? draft : undefined;
    case 'string': {
      const text = typeof draft === 'string' ? draft : '';
      if (isSecretPath(path, ctx.secretPaths) && text === '') {
        if (ctx.secretsSet.includes(dotted) && !ctx.removed.includes(dotted)) kept.push(dotted);
        else if (required && !ctx.secretsSet.includes(dotted)) return '';
        return undefined;
      }
      // A required field left empty is sent empty, so the API says what it needs at the field.
      return text === '' && !required ? undefined : text;
    }
    case 'number': {
      const text = typeof draft === 'string' ? draft.trim() : '';
      if (text === '') return undefined;
      const n = Number(text);
      return Number.isFinite(n) ? n : text;
    }
    case 'boolean':
      return draft === true;
    case 'list': {
      const lines = (typeof draft === 'string' ? draft : '').split('\n').map((l) => l.trim()).filter(Boolean);
      return lines.length === 0 && !required ? undefined : lines;
    }
    case 'record': {
      const rows = Array.isArray(draft) ? draft : [];
      const out: Record<string, string> = {};
      const secret = isSecretRecord(path, ctx.secretPaths);
      for (const row of rows) {
        const key = row.key.trim();
        if (key === '' && row.value === '') continue;
        if (secret && row.stored && row.value === '') {
          kept.push(`${dotted}.${key}`);
          continue;
        }
        out[key] = row.value;
      }
      return out;
    }
    case 'object': {
      const nested = isObject(draft) ? (draft as Draft) : {};
      if (isOptionalObject(schema, required) && nested[ENABLED] !== true) return undefined;
      return buildObject(schema, nested, path, ctx, kept);
    }
    case 'union': {
      const nested = isObject(draft) ? (draft as Draft) : {};
      const chosen = kind.variants.find((v) => v.value === nested[kind.discriminator]) ?? kind.variants[0]!;
      return buildObject(chosen.schema, { ...nested, [kind.discriminator]: chosen.value }, path, ctx, kept);
    }
    case 'json': {
      const text = typeof draft === 'string' ? draft.trim() : '';
      if (text === '') return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    }
  }
}

function buildObject(schema: JsonSchema, draft: Draft, path: string[], ctx: BuildContext, kept: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const required = new Set(schema.required ?? []);
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    if (child.const !== undefined) {
      out[key] = child.const;
      continue;
    }
    const value = buildValue(child, draft[key], [...path, key], required.has(key), ctx, kept);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** The settings the draft describes (secrets only where typed) and the stored secrets it keeps. */
export function buildConfig(schema: JsonSchema, draft: Draft, ctx: BuildContext): Built {
  const kept: string[] = [];
  return { config: buildObject(schema, draft, [], ctx, kept), kept };
}

/** A merge patch turning `stored` into `next`: changed members set, missing ones null, objects recursed. */
export function mergeDiff(stored: Record<string, unknown>, next: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next)) {
    const before = stored[key];
    out[key] = isObject(value) && isObject(before) ? mergeDiff(before, value) : value;
  }
  for (const key of Object.keys(stored)) if (!(key in next)) out[key] = null;
  return out;
}

/**
 * The PATCH body (JSON Merge Patch) for a stored channel: every visible setting as in the form,
 * settings no longer present set to null, and stored secrets kept unless removed or no longer
 * applicable (another auth type, a removed header), which are set to null.
 */
export function buildPatch(schema: JsonSchema, draft: Draft, storedVisible: Record<string, unknown>, ctx: BuildContext): Record<string, unknown> {
  const { config, kept } = buildConfig(schema, draft, ctx);
  const patch = mergeDiff(storedVisible, config);
  for (const secret of ctx.secretsSet) {
    if (kept.includes(secret)) continue;
    const parts = secret.split('.');
    let cursor: Record<string, unknown> = patch;
    let typed = true;
    for (const part of parts.slice(0, -1)) {
      const next = cursor[part];
      if (next === null) {
        typed = false; // the whole object is removed already
        break;
      }
      if (!isObject(next)) cursor[part] = {};
      cursor = cursor[part] as Record<string, unknown>;
    }
    if (!typed) continue;
    const last = parts.at(-1)!;
    // A newly typed value replaces the stored one; otherwise the stored secret goes.
    if (cursor[last] === undefined) cursor[last] = null;
  }
  return patch;
}

/** "requireTls" -> "Require TLS", "caCert" -> "CA cert": a readable label for a setting without its own. */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((w) => (/^(url|tls|ca|id|smtp|html|http)$/i.test(w) ? w.toUpperCase() : w.toLowerCase()));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

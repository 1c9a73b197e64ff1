// Splits a channel's settings into what may be shown and what is secret, by the type's dotted
// secret paths (`auth.password`, `headers.*` for every value of a record), and joins them back.

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every concrete path in `config` that a secret path names (`headers.*` -> headers.X-Token, ...). */
function concretePaths(config: Json, secretPaths: readonly string[]): string[][] {
  const out: string[][] = [];
  for (const pattern of secretPaths) {
    const walk = (node: unknown, rest: string[], prefix: string[]) => {
      if (rest.length === 0) {
        if (node !== undefined) out.push(prefix);
        return;
      }
      if (!isObject(node)) return;
      const [head, ...tail] = rest;
      const keys = head === '*' ? Object.keys(node) : [head!];
      for (const key of keys) if (Object.hasOwn(node, key)) walk(node[key], tail, [...prefix, key]);
    };
    walk(config, pattern.split('.'), []);
  }
  return out;
}

function getPath(node: Json, path: string[]): unknown {
  return path.reduce<unknown>((n, key) => (isObject(n) ? n[key] : undefined), node);
}

function setPath(node: Json, path: string[], value: unknown): void {
  let cursor = node;
  for (const key of path.slice(0, -1)) {
    if (!isObject(cursor[key])) cursor[key] = {};
    cursor = cursor[key] as Json;
  }
  if (value === undefined) delete cursor[path.at(-1)!];
  else cursor[path.at(-1)!] = value;
}

/** `{ visible, secrets }` where secrets maps "a.b" paths to values and visible lacks them. */
export function splitSecrets(config: Json, secretPaths: readonly string[]): { visible: Json; secrets: Record<string, unknown> } {
  const visible = structuredClone(config);
  const secrets: Record<string, unknown> = {};
  for (const path of concretePaths(config, secretPaths)) {
    secrets[path.join('.')] = getPath(config, path);
    setPath(visible, path, undefined);
  }
  return { visible, secrets };
}

/** The full settings again. */
export function joinSecrets(visible: Json, secrets: Record<string, unknown>): Json {
  const config = structuredClone(visible);
  for (const [path, value] of Object.entries(secrets)) setPath(config, path.split('.'), value);
  return config;
}

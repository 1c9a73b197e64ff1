import type { Position } from './rule-file-yaml';

// Settings Prometheus has no field for travel as whole-line `# kubewatch: key=value` comments:
// rule settings directly above the rule, group settings directly above the group, and disabled
// rules (which Prometheus must not run) as `# kubewatch: disabled={...}` among the group's rules.
// Values are bare words or JSON. The export writes them and the import reads them back, so a
// file exported from Kubewatch re-imports to the same rules.

export const RULE_SETTINGS = ['noDataState', 'errorState', 'recoveryThreshold', 'threshold'] as const;
export const GROUP_SETTINGS = ['description', 'scope', 'paused'] as const;
export const DISABLED_SETTING = 'disabled';

const PREFIX_RE = /^#\s*kubewatch:\s*/;
const SETTING_RE = /^([A-Za-z][A-Za-z0-9_]*)=(.*)$/;
const BARE_RE = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** A comment's text (without `#`) carrying one setting. */
export function formatSetting(key: string, value: unknown): string {
  const bare = typeof value === 'string' && BARE_RE.test(value) && !['true', 'false', 'null'].includes(value);
  return ` kubewatch: ${key}=${bare ? value : JSON.stringify(value)}`;
}

export interface SettingComment extends Position {
  offset: number;
  key: string;
  value: unknown;
}

export interface MalformedComment extends Position {
  offset: number;
  problem: string;
}

/** A `# kubewatch:` comment's setting; undefined for any other comment. */
export function parseSettingComment(source: string): { key: string; value: unknown } | { problem: string } | undefined {
  const prefix = PREFIX_RE.exec(source);
  if (!prefix) return undefined;
  const match = SETTING_RE.exec(source.slice(prefix[0].length).trim());
  if (!match) return { problem: 'a "# kubewatch:" comment must read "# kubewatch: setting=value"; it is ignored' };
  const [, key, raw] = match as unknown as [string, string, string];
  try {
    return { key, value: JSON.parse(raw) };
  } catch {
    if (BARE_RE.test(raw)) return { key, value: raw };
    return { problem: `the value of the kubewatch setting "${key}" is neither a word nor JSON; it is ignored` };
  }
}

/** The whole-line comments of one document, consumed as rules and groups claim them. */
export class KubewatchComments {
  /** Lines holding only a comment (any comment: they may sit between a setting and its rule). */
  private readonly commentLines = new Set<number>();
  private readonly settings = new Map<number, SettingComment>();
  readonly malformed: MalformedComment[] = [];

  constructor(comments: Array<Position & { offset: number; source: string }>) {
    for (const comment of comments) {
      this.commentLines.add(comment.line);
      const parsed = parseSettingComment(comment.source);
      if (parsed === undefined) continue;
      const at = { line: comment.line, column: comment.column, offset: comment.offset };
      if ('problem' in parsed) this.malformed.push({ ...at, problem: parsed.problem });
      else this.settings.set(comment.line, { ...at, ...parsed });
    }
  }

  /** Settings in the comment block directly above `line`; a `disabled=` comment ends the block. */
  takeAbove(line: number): SettingComment[] {
    const out: SettingComment[] = [];
    for (let l = line - 1; this.commentLines.has(l); l--) {
      const setting = this.settings.get(l);
      if (setting?.key === DISABLED_SETTING) break;
      if (setting) {
        out.unshift(setting);
        this.settings.delete(l);
      }
    }
    return out;
  }

  /** `disabled=` comments on lines in [from, to). */
  takeDisabled(from: number, to: number): SettingComment[] {
    const out: SettingComment[] = [];
    for (const [line, setting] of this.settings) {
      if (setting.key === DISABLED_SETTING && line >= from && line < to) {
        out.push(setting);
        this.settings.delete(line);
      }
    }
    return out.sort((a, b) => a.line - b.line);
  }

  /** Settings nothing claimed. */
  leftovers(): SettingComment[] {
    return [...this.settings.values()].sort((a, b) => a.line - b.line);
  }
}

/**
 * Go's filepath.Glob, which promtool applies to `rule_files`: `*`, `?`, `[...]` (with `^` for
 * negation) and `\` escapes, no `**` and no braces; `*` matches dot files; matches come back in
 * byte order per directory; a pattern without metacharacters matches only an existing path.
 */
import { lstatSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { compareStrings } from './labels';

export class BadGlobPatternError extends Error {
  constructor(readonly pattern: string) {
    super('syntax error in pattern');
    this.name = 'BadGlobPatternError';
  }
}

const hasMeta = (p: string) => /[*?[\\]/.test(p);
const escapeRegExp = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
const escapeInClass = (s: string) => s.replace(/[\\\]\[^-]/g, '\\$&');

/** One escaped-or-plain character of a class (getEsc); `-` and `]` may not start a range end. */
function classChar(p: string, i: number): [string, number] {
  if (i >= p.length || p[i] === '-' || p[i] === ']') throw new BadGlobPatternError(p);
  if (p[i] === '\\') {
    if (i + 1 >= p.length) throw new BadGlobPatternError(p);
    i++;
  }
  const ch = String.fromCodePoint(p.codePointAt(i)!);
  return [ch, i + ch.length];
}

/** filepath.Match as a regular expression; throws {@link BadGlobPatternError} like ErrBadPattern. */
export function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!;
    if (c === '*') {
      re += '[^/]*';
      i++;
    } else if (c === '?') {
      re += '[^/]';
      i++;
    } else if (c === '\\') {
      if (i + 1 >= pattern.length) throw new BadGlobPatternError(pattern);
      const ch = String.fromCodePoint(pattern.codePointAt(i + 1)!);
      re += escapeRegExp(ch);
      i += 1 + ch.length;
    } else if (c === '[') {
      i++;
      const negated = pattern[i] === '^';
      if (negated) i++;
      let cls = '';
      for (let ranges = 0; ; ranges++) {
        if (pattern[i] === ']' && ranges > 0) {
          i++;
          break;
        }
        const [lo, afterLo] = classChar(pattern, i);
        i = afterLo;
        if (pattern[i] === '-') {
          const [hi, afterHi] = classChar(pattern, i + 1);
          i = afterHi;
          // Go compares code points; a reversed range simply matches nothing.
          if (lo.codePointAt(0)! <= hi.codePointAt(0)!) cls += `${escapeInClass(lo)}-${escapeInClass(hi)}`;
        } else {
          cls += escapeInClass(lo);
        }
      }
      re += `[${negated ? '^' : ''}${cls}]`;
    } else {
      const ch = String.fromCodePoint(pattern.codePointAt(i)!);
      re += escapeRegExp(ch);
      i += ch.length;
    }
  }
  return new RegExp(`^${re}$`, 'u');
}

function matchesIn(dir: string, pattern: RegExp): string[] {
  try {
    if (!statSync(dir).isDirectory()) return [];
    return readdirSync(dir)
      .sort(compareStrings)
      .filter((name) => pattern.test(name))
      .map((name) => path.join(dir, name));
  } catch {
    return []; // Go ignores I/O errors here
  }
}

/** filepath.Glob(pattern). */
export function goGlob(pattern: string): string[] {
  globToRegExp(pattern); // validate the whole pattern first, as Go does
  if (!hasMeta(pattern)) {
    try {
      lstatSync(pattern);
      return [pattern];
    } catch {
      return [];
    }
  }
  const slash = pattern.lastIndexOf('/');
  let dir = pattern.slice(0, slash + 1);
  const file = pattern.slice(slash + 1);
  dir = dir === '' ? '.' : dir.length > 1 ? dir.replace(/\/$/, '') : dir;
  if (!hasMeta(dir)) return matchesIn(dir, globToRegExp(file));
  if (dir === pattern) throw new BadGlobPatternError(pattern);
  return goGlob(dir).flatMap((d) => matchesIn(d, globToRegExp(file)));
}

import { labelKeyProblems, labelValueProblems } from './labels';

// The string form of Kubernetes label selectors (`kubectl get -l`), following
// k8s.io/apimachinery/pkg/labels.Parse token for token, with friendlier error messages.
// Differences: the numeric `>`/`<` operators are rejected, and requirements keep their
// written order (Kubernetes sorts them by key; the meaning is the same).

/** One requirement of a label selector; all requirements of a selector must hold. */
export type LabelRequirement = {
  key: string;
  operator: 'equals' | 'notEquals' | 'in' | 'notIn' | 'exists' | 'doesNotExist';
  values: string[];
};

/** A syntax or validation error in a label selector; `position` is the 0-based offset of the offending token. */
export class LabelSelectorError extends Error {
  readonly position: number;

  constructor(position: number, detail: string) {
    super(`invalid label selector at character ${position + 1}: ${detail}`);
    this.name = 'LabelSelectorError';
    this.position = position;
  }
}

type TokenKind = 'ident' | '!' | '=' | '==' | '!=' | '(' | ')' | ',' | '>' | '<' | 'end';
type Token = { kind: TokenKind; text: string; position: number };

const OPERATOR_TOKENS: ReadonlySet<string> = new Set(['!', '=', '==', '!=', '(', ')', ',', '>', '<']);
const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);
// Kubernetes' lexer treats exactly these as blanks.
const BLANK = new Set([' ', '\t', '\r', '\n']);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (true) {
    while (i < text.length && BLANK.has(text[i] ?? '')) i++;
    if (i >= text.length) {
      tokens.push({ kind: 'end', text: '', position: text.length });
      return tokens;
    }
    const start = i;
    if (SPECIAL.has(text[i] ?? '')) {
      // Longest match among the operator tokens, as Kubernetes does ("!=" before "!", "==" before "=").
      const two = text.slice(i, i + 2);
      const symbol = OPERATOR_TOKENS.has(two) ? two : (text[i] ?? '');
      i += symbol.length;
      tokens.push({ kind: symbol as TokenKind, text: symbol, position: start });
      continue;
    }
    while (i < text.length && !SPECIAL.has(text[i] ?? '') && !BLANK.has(text[i] ?? '')) i++;
    tokens.push({ kind: 'ident', text: text.slice(start, i), position: start });
  }
}

function describeToken(token: Token): string {
  return token.kind === 'end' ? 'end of selector' : JSON.stringify(token.text);
}

const OPERATORS_HINT = 'one of =, ==, !=, in, notin';

class Parser {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    // tokenize() always ends with an 'end' token, and next() never moves past it.
    return this.tokens[this.index] ?? { kind: 'end', text: '', position: 0 };
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    if (this.peek().kind === 'end') return requirements;
    while (true) {
      requirements.push(this.requirement(requirements.length > 0));
      const separator = this.next();
      if (separator.kind === 'end') return requirements;
      if (separator.kind !== ',') {
        const found = describeToken(separator);
        throw new LabelSelectorError(separator.position, `expected "," or end of selector, found ${found}`);
      }
    }
  }

  private requirement(afterComma: boolean): LabelRequirement {
    let token = this.next();
    const negated = token.kind === '!';
    if (negated) token = this.next();
    if (token.kind !== 'ident') {
      const what = negated ? 'a label key after "!"' : afterComma ? 'a requirement after ","' : 'a label key or "!"';
      throw new LabelSelectorError(token.position, `expected ${what}, found ${describeToken(token)}`);
    }
    const key = token.text;
    const keyProblem = labelKeyProblems(key)[0];
    if (keyProblem !== undefined) {
      // "~" suggests a PromQL habit (=~); point at the operators that exist.
      const hint = key.includes('~') ? ` ("~" is not a label selector operator; use ${OPERATORS_HINT})` : '';
      throw new LabelSelectorError(token.position, keyProblem + hint);
    }
    const following = this.peek();
    if (negated || following.kind === 'end' || following.kind === ',') {
      return { key, operator: negated ? 'doesNotExist' : 'exists', values: [] };
    }
    const op = this.next();
    if (op.kind === 'ident' && (op.text === 'in' || op.text === 'notin')) {
      return { key, operator: op.text === 'in' ? 'in' : 'notIn', values: this.valueList(op.text) };
    }
    if (op.kind === '=' || op.kind === '==' || op.kind === '!=') {
      return { key, operator: op.kind === '!=' ? 'notEquals' : 'equals', values: [this.exactValue(op.text)] };
    }
    if (op.kind === '>' || op.kind === '<') {
      throw new LabelSelectorError(op.position, `operator "${op.text}" is not supported; use ${OPERATORS_HINT}`);
    }
    throw new LabelSelectorError(
      op.position,
      `expected an operator (${OPERATORS_HINT}) after key "${key}", found ${describeToken(op)}`,
    );
  }

  private exactValue(operator: string): string {
    const token = this.peek();
    // Kubernetes reads "key=" (followed by "," or the end) as "key equals the empty value".
    if (token.kind === 'end' || token.kind === ',') return '';
    this.next();
    if (token.kind !== 'ident') {
      throw new LabelSelectorError(token.position, `expected a value after "${operator}", found ${describeToken(token)}`);
    }
    return this.checkValue(token);
  }

  private valueList(operator: string): string[] {
    const open = this.next();
    if (open.kind !== '(') {
      throw new LabelSelectorError(open.position, `expected "(" after "${operator}", found ${describeToken(open)}`);
    }
    // Mirrors Kubernetes' parseValues/parseIdentifiersList, quirks included: empty entries are
    // allowed, so "()" is the set {""} and "(a,)" or "(a,,b)" include "", yet "(a,,)" is an error.
    const first = this.peek();
    if (first.kind === ')') {
      this.next();
      return [''];
    }
    if (first.kind !== 'ident' && first.kind !== ',') throw this.listError(first, 'a value, "," or ")"', operator);
    const values: string[] = [];
    while (true) {
      const token = this.next();
      if (token.kind === 'ident') {
        values.push(this.checkValue(token));
        const after = this.peek();
        if (after.kind === ')') {
          this.next();
          break;
        }
        if (after.kind !== ',') throw this.listError(after, '"," or ")"', operator);
      } else if (token.kind === ',') {
        if (values.length === 0) values.push('');
        const after = this.peek();
        if (after.kind === ')') {
          this.next();
          values.push('');
          break;
        }
        if (after.kind === ',') {
          this.next();
          values.push('');
        }
      } else {
        throw this.listError(token, 'a value or ","', operator);
      }
    }
    return [...new Set(values)];
  }

  private listError(token: Token, expected: string, operator: string): LabelSelectorError {
    return new LabelSelectorError(
      token.position,
      `expected ${expected} in the value list of "${operator}", found ${describeToken(token)}`,
    );
  }

  private checkValue(token: Token): string {
    const problem = labelValueProblems(token.text)[0];
    if (problem !== undefined) throw new LabelSelectorError(token.position, problem);
    return token.text;
  }
}

/** Parses a Kubernetes label selector such as `env=prod,region in (eu,us),!canary`; the empty string selects everything. */
export function parseLabelSelector(text: string): LabelRequirement[] {
  return new Parser(tokenize(text)).parse();
}

/** Whether a label set satisfies every requirement, with Kubernetes semantics. */
export function matchesLabelSelector(
  requirements: readonly LabelRequirement[],
  labels: Readonly<Record<string, string>>,
): boolean {
  return requirements.every((r) => {
    const present = Object.hasOwn(labels, r.key);
    const value = present ? labels[r.key] : undefined;
    switch (r.operator) {
      case 'exists':
        return present;
      case 'doesNotExist':
        return !present;
      case 'equals':
      case 'in':
        return value !== undefined && r.values.includes(value);
      case 'notEquals':
      case 'notIn':
        // As in Kubernetes: a missing key satisfies "!=" and "notin" (tier!=frontend selects unlabelled objects).
        return value === undefined || !r.values.includes(value);
    }
  });
}

const COLUMN = /^[a-z_][a-z0-9_]*$|^"[A-Za-z_][A-Za-z0-9_]*"$/;

/**
 * Translates requirements into a PostgreSQL boolean expression over a JSONB column holding a
 * labels object, with every key and value as a bind parameter numbered from `firstParam`.
 */
export function labelSelectorToSql(
  requirements: readonly LabelRequirement[],
  column: string,
  firstParam: number,
): { sql: string; params: string[] } {
  // The column is the one piece spliced into the SQL text, so it must be a plain identifier.
  if (!COLUMN.test(column)) throw new Error(`invalid SQL column name ${JSON.stringify(column)} for a label selector`);
  if (!Number.isSafeInteger(firstParam) || firstParam < 1) {
    throw new Error(`firstParam must be a positive integer, got ${firstParam}`);
  }
  const params: string[] = [];
  const bind = (value: string) => {
    params.push(value);
    return `$${firstParam + params.length - 1}`;
  };
  const parts = requirements.map((r) => {
    const key = bind(r.key);
    // Each branch is TRUE or FALSE (never NULL) for an object of strings, mirroring matchesLabelSelector;
    // the "?" test also lets PostgreSQL use a GIN index on the column.
    switch (r.operator) {
      case 'exists':
        return `(${column} ? ${key})`;
      case 'doesNotExist':
        return `(NOT (${column} ? ${key}))`;
      case 'equals':
        return `(${column} ? ${key} AND ${column}->>${key} = ${bind(valueAt(r, 0))})`;
      case 'notEquals':
        // A missing key matches, as in Kubernetes.
        return `(NOT (${column} ? ${key}) OR ${column}->>${key} <> ${bind(valueAt(r, 0))})`;
      case 'in':
        return `(${column} ? ${key} AND ${column}->>${key} IN (${valueList(r, bind)}))`;
      case 'notIn':
        return `(NOT (${column} ? ${key}) OR ${column}->>${key} NOT IN (${valueList(r, bind)}))`;
    }
  });
  return { sql: parts.length === 0 ? 'TRUE' : parts.join(' AND '), params };
}

function valueAt(r: LabelRequirement, index: number): string {
  const value = r.values[index];
  if (value === undefined) throw new Error(`label requirement on "${r.key}" (${r.operator}) has no value`);
  return value;
}

function valueList(r: LabelRequirement, bind: (value: string) => string): string {
  // "IN ()" is a syntax error in SQL; the parser never produces it, hand-built requirements might.
  if (r.values.length === 0) throw new Error(`label requirement on "${r.key}" (${r.operator}) has no values`);
  return r.values.map(bind).join(', ');
}

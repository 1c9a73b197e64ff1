// Parser for Go text/template (Go 1.19's text/template/parse/parse.go), producing the trees in
// nodes.ts. Errors carry Go's messages: "template: <name>:<line>: <message>".

import { itemString, lex, type Item, type ItemType } from './lexer';
import {
  isEmptyTree, nodeString,
  type ArgNode, type BranchNode, type CommandNode, type EndNode, type ListNode, type Node,
  type NumberNode, type PipeNode, type Tree, type VariableNode,
} from './nodes';
import { parseGoFloat, parseGoInt, quote, StrconvError, unquote, unquoteCharLiteral } from './strconv';

export class ParseError extends Error {
  constructor(
    message: string,
    /** Go's reported line. */
    readonly line: number,
    /** UTF-16 offset of the token the parser stopped at. */
    readonly pos: number,
  ) {
    super(message);
  }
}

const TWO63 = 2 ** 63;
const TWO64 = 2 ** 64;

/** parse.(*Tree).newNumber: classifies a number literal the way Go does. */
function newNumber(pos: number, text: string, typ: ItemType): NumberNode {
  const n: NumberNode = {
    type: 'number', pos, text,
    isInt: false, isUint: false, isFloat: false, isComplex: false,
    int64: 0n, uint64: 0n, float64: 0,
  };
  if (typ === 'charConstant') {
    const r = unquoteCharLiteral(text);
    return { ...n, isInt: true, isUint: true, isFloat: true, int64: BigInt(r), uint64: BigInt(r), float64: r };
  }
  // Complex constants parse in Go but no Prometheus function accepts them; exec rejects them.
  if (typ === 'complex') return { ...n, isComplex: true };
  if (text.endsWith('i') && parseGoFloat(text.slice(0, -1)).error === undefined) return { ...n, isComplex: true };
  const u = parseGoInt(text, false);
  if (u !== undefined) {
    n.isUint = true;
    n.uint64 = u;
  }
  const i = parseGoInt(text, true);
  if (i !== undefined) {
    n.isInt = true;
    n.int64 = i;
    if (i === 0n) {
      n.isUint = true; // in case of -0
      n.uint64 = u ?? 0n;
    }
  }
  if (n.isInt) {
    n.isFloat = true;
    n.float64 = Number(n.int64);
  } else if (n.isUint) {
    n.isFloat = true;
    n.float64 = Number(n.uint64);
  } else {
    const f = parseGoFloat(text);
    if (f.error === undefined) {
      if (!/[.eEpP]/.test(text)) throw new StrconvError(`integer overflow: ${quote(text)}`);
      n.isFloat = true;
      n.float64 = f.value;
      if (Number.isInteger(f.value) && f.value >= -TWO63 && f.value < TWO63) {
        n.isInt = true;
        n.int64 = BigInt(f.value);
      }
      if (Number.isInteger(f.value) && f.value >= 0 && f.value < TWO64) {
        n.isUint = true;
        n.uint64 = BigInt(f.value);
      }
    }
  }
  if (!n.isInt && !n.isUint && !n.isFloat) throw new StrconvError(`illegal number syntax: ${quote(text)}`);
  return n;
}

/**
 * Nesting limit for parenthesized pipelines and control structures. Go limits parentheses to
 * 10000 ("max expression depth exceeded"); this recursive parser runs on the JS stack, so it
 * stops earlier, far beyond anything a real template needs.
 */
export const MAX_NESTING = 1000;

class Parser {
  private idx = 0;
  private depth = 0;
  private furthest = 0;
  private vars: string[] = ['$'];
  private actionLine = 0;
  private rangeDepth = 0;
  readonly trees = new Map<string, Tree>();

  constructor(
    private readonly items: Item[],
    private readonly parseName: string,
    private readonly hasFunction: (name: string) => boolean,
  ) {}

  private item(i: number): Item {
    const last = this.items[this.items.length - 1]!;
    if (i < this.items.length) return this.items[i]!;
    // After the end Go's lexer keeps returning EOF.
    return { typ: 'eof', pos: last.pos + last.val.length, val: '', line: last.line };
  }

  private next(): Item {
    const it = this.item(this.idx);
    this.furthest = Math.max(this.furthest, this.idx);
    this.idx++;
    return it;
  }

  private backup(n = 1): void {
    this.idx -= n;
  }

  private peek(): Item {
    this.furthest = Math.max(this.furthest, this.idx);
    return this.item(this.idx);
  }

  private nextNonSpace(): Item {
    let t: Item;
    do t = this.next();
    while (t.typ === 'space');
    return t;
  }

  private peekNonSpace(): Item {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  errorf(msg: string): never {
    const tok = this.item(this.furthest);
    throw new ParseError(`template: ${this.parseName}:${tok.line}: ${msg}`, tok.line, tok.pos);
  }

  private expect(expected: ItemType, context: string): Item {
    const t = this.nextNonSpace();
    if (t.typ !== expected) this.unexpected(t, context);
    return t;
  }

  private unexpected(t: Item, context: string): never {
    if (t.typ === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== t.line) {
        extra = ` in action started at ${this.parseName}:${this.actionLine}`;
        if (t.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${itemString(t)}${extra}`);
    }
    this.errorf(`unexpected ${itemString(t)} in ${context}`);
  }

  private add(name: string, root: ListNode): void {
    const existing = this.trees.get(name);
    if (!existing || isEmptyTree(existing.root)) {
      this.trees.set(name, { name, root });
      return;
    }
    if (!isEmptyTree(root)) this.errorf(`template: multiple definition of template ${quote(name)}`);
  }

  /** Top level: like itemList, but also handles {{define}}. */
  parse(name: string): void {
    const root: ListNode = { type: 'list', pos: this.peek().pos, nodes: [] };
    while (this.peek().typ !== 'eof') {
      if (this.peek().typ === 'leftDelim') {
        const mark = this.idx;
        this.next();
        if (this.nextNonSpace().typ === 'define') {
          this.parseDefinition();
          continue;
        }
        this.idx = mark;
      }
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') this.errorf(`unexpected ${nodeString(n)}`);
      root.nodes.push(n);
    }
    this.add(name, root);
  }

  private withFreshScope<T>(fn: () => T): T {
    const saved = { vars: this.vars, actionLine: this.actionLine, rangeDepth: this.rangeDepth };
    this.vars = ['$'];
    this.rangeDepth = 0;
    try {
      return fn();
    } finally {
      Object.assign(this, saved);
    }
  }

  private parseDefinition(): void {
    const context = 'define clause';
    this.withFreshScope(() => {
      const t = this.nextNonSpace();
      if (t.typ !== 'string' && t.typ !== 'rawString') this.unexpected(t, context);
      const name = this.unquote(t.val);
      this.expect('rightDelim', context);
      const [root, end] = this.itemList();
      if (end.type !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`);
      this.add(name, root);
    });
  }

  private unquote(s: string): string {
    try {
      return unquote(s);
    } catch (e) {
      return this.errorf((e as Error).message);
    }
  }

  private itemList(): [ListNode, EndNode] {
    const list: ListNode = { type: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().typ !== 'eof') {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') return [list, n];
      list.nodes.push(n);
    }
    return this.errorf('unexpected EOF');
  }

  private textOrAction(): Node {
    const t = this.nextNonSpace();
    switch (t.typ) {
      case 'text':
        return { type: 'text', pos: t.pos, text: t.val };
      case 'leftDelim': {
        this.actionLine = t.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      }
      default:
        return this.unexpected(t, 'input');
    }
  }

  private action(): Node {
    const t = this.nextNonSpace();
    switch (t.typ) {
      case 'block':
        return this.blockControl();
      case 'break':
      case 'continue':
        return this.loopControl(t);
      case 'else':
        return this.elseControl();
      case 'end':
        return { type: 'end', pos: this.expect('rightDelim', 'end').pos, line: t.line };
      case 'if':
        return this.branch('if', true);
      case 'range':
        return this.branch('range', false);
      case 'template':
        return this.templateControl();
      case 'with':
        return this.branch('with', false);
    }
    this.backup();
    const tok = this.peek();
    // Variables declared here persist until the enclosing {{end}}.
    return { type: 'action', pos: tok.pos, line: tok.line, pipe: this.pipeline('command', 'rightDelim') };
  }

  private loopControl(t: Item): Node {
    const kw = t.typ as 'break' | 'continue';
    const next = this.nextNonSpace();
    if (next.typ !== 'rightDelim') this.unexpected(next, `{{${kw}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${kw}}} outside {{range}}`);
    return { type: kw, pos: t.pos, line: t.line };
  }

  private pipeline(context: string, end: ItemType): PipeNode {
    const first = this.peekNonSpace();
    const pipe: PipeNode = { type: 'pipe', pos: first.pos, line: first.line, isAssign: false, decl: [], cmds: [] };
    // Are there declarations or assignments?
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== 'variable') break;
      const mark = this.idx;
      this.next();
      const next = this.peekNonSpace();
      if (next.typ === 'assign' || next.typ === 'declare') {
        pipe.isAssign = next.typ === 'assign';
        this.nextNonSpace();
        pipe.decl.push(this.newVariable(v.pos, v.val));
        this.vars.push(v.val);
      } else if (next.typ === 'char' && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(this.newVariable(v.pos, v.val));
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const p = this.peekNonSpace().typ;
          if (p === 'variable' || p === 'rightDelim' || p === 'rightParen') continue decls;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else {
        this.idx = mark; // not a declaration: push the variable back
      }
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      if (t.typ === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (t.typ) {
        case 'bool': case 'charConstant': case 'complex': case 'dot': case 'field': case 'identifier':
        case 'number': case 'nil': case 'rawString': case 'string': case 'variable': case 'leftParen':
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(t, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      const t = c.args[0]!.type;
      if (t === 'bool' || t === 'dot' || t === 'nil' || t === 'number' || t === 'string') {
        this.errorf(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  private nest<T>(fn: () => T): T {
    if (this.depth >= MAX_NESTING) this.errorf('max expression depth exceeded');
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  private branch(type: BranchNode['type'], allowElseIf: boolean): BranchNode {
    return this.nest(() => this.branchBody(type, allowElseIf));
  }

  private branchBody(type: BranchNode['type'], allowElseIf: boolean): BranchNode {
    const varsLen = this.vars.length;
    try {
      const pipe = this.pipeline(type, 'rightDelim');
      if (type === 'range') this.rangeDepth++;
      let [list, next] = this.itemList();
      if (type === 'range') this.rangeDepth--;
      let elseList: ListNode | undefined;
      if (next.type === 'else') {
        if (allowElseIf && this.peek().typ === 'if') {
          // {{else if x}} is parsed as {{else}}{{if x}}...{{end}}, sharing the final {{end}}.
          this.next();
          elseList = { type: 'list', pos: next.pos, nodes: [this.branch('if', true)] };
        } else {
          [elseList, next] = this.itemList();
          if (next.type !== 'end') this.errorf(`expected end; found ${nodeString(next)}`);
        }
      }
      return { type, pos: pipe.pos, line: pipe.line, pipe, list, elseList };
    } finally {
      this.vars.length = varsLen;
    }
  }

  private elseControl(): EndNode {
    const peek = this.peekNonSpace();
    if (peek.typ === 'if') return { type: 'else', pos: peek.pos, line: peek.line };
    const t = this.expect('rightDelim', 'else');
    return { type: 'else', pos: t.pos, line: t.line };
  }

  private templateName(t: Item, context: string): string {
    if (t.typ === 'string' || t.typ === 'rawString') return this.unquote(t.val);
    return this.unexpected(t, context);
  }

  private templateControl(): Node {
    const context = 'template clause';
    const t = this.nextNonSpace();
    const name = this.templateName(t, context);
    let pipe: PipeNode | undefined;
    if (this.nextNonSpace().typ !== 'rightDelim') {
      this.backup();
      pipe = this.pipeline(context, 'rightDelim');
    }
    return { type: 'template', pos: t.pos, line: t.line, name, pipe };
  }

  private blockControl(): Node {
    const context = 'block clause';
    const t = this.nextNonSpace();
    const name = this.templateName(t, context);
    const pipe = this.pipeline(context, 'rightDelim');
    this.withFreshScope(() => {
      const [root, end] = this.itemList();
      if (end.type !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`);
      this.add(name, root);
    });
    return { type: 'template', pos: t.pos, line: t.line, name, pipe };
  }

  private command(): CommandNode {
    const cmd: CommandNode = { type: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const t = this.next();
      if (t.typ === 'space') continue;
      if (t.typ === 'rightDelim' || t.typ === 'rightParen') this.backup();
      else if (t.typ !== 'pipe') this.unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): ArgNode | undefined {
    const node = this.term();
    if (!node) return undefined;
    if (this.peek().typ !== 'field') return node;
    const pos = this.peek().pos;
    const fields: string[] = [];
    while (this.peek().typ === 'field') fields.push(this.next().val.slice(1));
    switch (node.type) {
      case 'field':
        return { type: 'field', pos, ident: [...node.ident, ...fields] };
      case 'variable':
        return { type: 'variable', pos, ident: [...node.ident, ...fields] };
      case 'bool': case 'string': case 'number': case 'nil': case 'dot':
        return this.errorf(`unexpected . after term ${quote(nodeString(node))}`);
      default:
        return { type: 'chain', pos, node, field: fields };
    }
  }

  private term(): ArgNode | undefined {
    const t = this.nextNonSpace();
    switch (t.typ) {
      case 'identifier':
        if (!this.hasFunction(t.val)) this.errorf(`function ${quote(t.val)} not defined`);
        return { type: 'identifier', pos: t.pos, ident: t.val };
      case 'dot':
        return { type: 'dot', pos: t.pos };
      case 'nil':
        return { type: 'nil', pos: t.pos };
      case 'variable':
        return this.useVar(t.pos, t.val);
      case 'field':
        return { type: 'field', pos: t.pos, ident: t.val.slice(1).split('.') };
      case 'bool':
        return { type: 'bool', pos: t.pos, value: t.val === 'true' };
      case 'charConstant':
      case 'complex':
      case 'number':
        try {
          return newNumber(t.pos, t.val, t.typ);
        } catch (e) {
          return this.errorf((e as Error).message);
        }
      case 'leftParen':
        return this.nest(() => this.pipeline('parenthesized pipeline', 'rightParen'));
      case 'string':
      case 'rawString':
        return { type: 'string', pos: t.pos, quoted: t.val, text: this.unquote(t.val) };
    }
    this.backup();
    return undefined;
  }

  private newVariable(pos: number, name: string): VariableNode {
    return { type: 'variable', pos, ident: name.split('.') };
  }

  private useVar(pos: number, name: string): VariableNode {
    const v = this.newVariable(pos, name);
    if (!this.vars.includes(v.ident[0]!)) this.errorf(`undefined variable ${quote(v.ident[0]!)}`);
    return v;
  }
}

/** Parses `text` as template `name`; returns all trees (the main one and any {{define}}d ones). */
export function parseTemplate(name: string, text: string, hasFunction: (name: string) => boolean): Map<string, Tree> {
  const p = new Parser(lex(text), name, hasFunction);
  p.parse(name);
  return p.trees;
}

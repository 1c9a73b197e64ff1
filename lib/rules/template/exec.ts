// Executes parsed templates with Go text/template semantics (text/template/exec.go, Go 1.19),
// including its error messages: "template: <name>:<line>:<col>: executing "<name>" at <node>: ...".
// Execution is async only because Prometheus's `query` function is.

import { paramTypeName, type CallContext, type GoFunc, type ParamType } from './func-types';
import { timeMethod } from './go-time';
import {
  nodeString,
  type ArgNode, type BranchNode, type ChainNode, type CommandNode, type FieldNode, type IdentifierNode,
  type ListNode, type Node, type NumberNode, type PipeNode, type TemplateNode, type Tree, type VariableNode,
} from './nodes';
import { templatePrint } from './printf';
import { byteLength, quote } from './strconv';
import {
  AlertData, GoMap, GoTime, isTrue, NilSample, QueryResult, Sample, typeName, type GoValue,
} from './values';

export class ExecError extends Error {
  constructor(
    message: string,
    /** UTF-16 offset of the node being executed, if any. */
    readonly pos?: number,
  ) {
    super(message);
  }
}

/** Go's nesting limit for {{template}} calls is 100000; async recursion here is costlier. */
export const MAX_EXEC_DEPTH = 10000;

const MISSING = Symbol('missing'); // no value from a previous pipeline stage
type Final = GoValue | typeof MISSING;

const BREAK = Symbol('break');
const CONTINUE = Symbol('continue');

export type ExecEnv = {
  parseName: string; // top-level template name, used in error locations
  text: string; // the full text that was parsed, for line/column computation
  trees: Map<string, Tree>;
  funcs: Record<string, GoFunc>;
  builtins: Set<string>;
  ctx: CallContext;
};

type Variable = { name: string; value: GoValue };

function canBeNil(t: ParamType): boolean {
  return t === 'any' || t === 'value' || t === 'queryResult' || t === 'sample';
}

function zeroOf(t: ParamType): GoValue {
  switch (t) {
    case 'any':
      return null;
    case 'queryResult':
      return new QueryResult([]);
    case 'sample':
      return NilSample;
    default:
      return undefined;
  }
}

function hasType(v: GoValue, t: ParamType): boolean {
  switch (t) {
    case 'string':
      return typeof v === 'string';
    case 'float64':
      return typeof v === 'number';
    case 'int':
      return typeof v === 'bigint';
    case 'bool':
      return typeof v === 'boolean';
    case 'queryResult':
      return v instanceof QueryResult;
    case 'sample':
      return v instanceof Sample || v === NilSample;
    default:
      return true;
  }
}

class State {
  node: Node | undefined;
  vars: Variable[];

  constructor(
    private readonly env: ExecEnv,
    private readonly tmplName: string,
    private readonly out: string[],
    private readonly depth: number,
    dot: GoValue,
  ) {
    this.vars = [{ name: '$', value: dot }];
  }

  private at(node: Node): void {
    this.node = node;
  }

  errorf(msg: string): never {
    const name = this.tmplName;
    if (!this.node) throw new ExecError(`template: ${name}: ${msg}`);
    const pos = this.node.pos;
    const before = this.env.text.slice(0, pos);
    const nl = before.lastIndexOf('\n');
    const line = 1 + (before.match(/\n/g)?.length ?? 0);
    const col = byteLength(before.slice(nl + 1));
    throw new ExecError(
      `template: ${this.env.parseName}:${line}:${col}: executing ${quote(name)} at <${nodeString(this.node)}>: ${msg}`,
      pos,
    );
  }

  private push(name: string, value: GoValue): void {
    this.vars.push({ name, value });
  }

  private pop(mark: number): void {
    this.vars.length = mark;
  }

  private setVar(name: string, value: GoValue): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) {
        this.vars[i]!.value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private setTopVar(n: number, value: GoValue): void {
    this.vars[this.vars.length - n]!.value = value;
  }

  private varValue(name: string): GoValue {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) return this.vars[i]!.value;
    }
    return this.errorf(`undefined variable: ${name}`);
  }

  async walk(dot: GoValue, node: Node): Promise<void> {
    this.at(node);
    switch (node.type) {
      case 'action': {
        // Variables declared by the action persist until the enclosing {{end}}; don't print them.
        const val = await this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) {
          this.at(node);
          this.out.push(templatePrint(val));
        }
        return;
      }
      case 'if':
      case 'with':
        return this.walkIfOrWith(node, dot);
      case 'list':
        for (const n of node.nodes) await this.walk(dot, n);
        return;
      case 'range':
        return this.walkRange(dot, node);
      case 'template':
        return this.walkTemplate(dot, node);
      case 'text':
        this.out.push(node.text);
        return;
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
      default:
        return this.errorf(`unknown node: ${nodeString(node)}`);
    }
  }

  private async walkIfOrWith(node: BranchNode, dot: GoValue): Promise<void> {
    const mark = this.vars.length;
    try {
      const val = await this.evalPipeline(dot, node.pipe);
      if (isTrue(val)) await this.walk(node.type === 'with' ? val : dot, node.list);
      else if (node.elseList) await this.walk(dot, node.elseList);
    } finally {
      this.pop(mark);
    }
  }

  private async walkRange(dot: GoValue, r: BranchNode): Promise<void> {
    this.at(r);
    const outerMark = this.vars.length;
    try {
      let val = await this.evalPipeline(dot, r.pipe);
      if (val === null) val = undefined;
      const mark = this.vars.length;
      const decl = r.pipe.decl;
      const oneIteration = async (index: GoValue, elem: GoValue): Promise<void> => {
        if (decl.length > 0) {
          if (r.pipe.isAssign) this.setVar(decl[0]!.ident[0]!, decl.length > 1 ? index : elem);
          else this.setTopVar(1, elem);
        }
        if (decl.length > 1) {
          if (r.pipe.isAssign) this.setVar(decl[1]!.ident[0]!, elem);
          else this.setTopVar(2, index);
        }
        try {
          await this.walk(elem, r.list);
        } catch (e) {
          if (e !== CONTINUE) throw e;
        } finally {
          this.pop(mark);
        }
      };
      let iterated = false;
      if (val instanceof QueryResult) {
        for (let i = 0; i < val.items.length; i++) {
          iterated = true;
          await oneIteration(BigInt(i), val.items[i]!);
        }
      } else if (val instanceof GoMap) {
        for (const k of val.sortedKeys()) {
          iterated = true;
          const e = val.m.get(k);
          await oneIteration(k, val.elem === 'any' && e === undefined ? null : e);
        }
      } else if (val !== undefined) {
        this.errorf(`range can't iterate over ${templatePrint(val)}`);
      }
      if (!iterated && r.elseList) await this.walk(dot, r.elseList);
    } catch (e) {
      if (e !== BREAK) throw e;
    } finally {
      this.pop(outerMark);
    }
  }

  private async walkTemplate(dot: GoValue, t: TemplateNode): Promise<void> {
    this.at(t);
    const tree = this.env.trees.get(t.name);
    if (!tree) this.errorf(`template ${quote(t.name)} not defined`);
    if (this.depth >= MAX_EXEC_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    const newDot = await this.evalPipeline(dot, t.pipe);
    // No dynamic scoping: the invoked template sees only $ (its dot).
    const inner = new State(this.env, t.name, this.out, this.depth + 1, newDot);
    inner.node = t;
    await inner.walk(newDot, tree.root);
  }

  async evalPipeline(dot: GoValue, pipe: PipeNode | undefined): Promise<GoValue> {
    if (!pipe) return undefined;
    this.at(pipe);
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) {
      value = await this.evalCommand(dot, cmd, value);
      // A nil interface{} becomes an invalid value, as reflect.ValueOf(v.Interface()) does.
      if (value === null) value = undefined;
    }
    const v = value === MISSING ? undefined : value;
    for (const variable of pipe.decl) {
      if (pipe.isAssign) this.setVar(variable.ident[0]!, v);
      else this.push(variable.ident[0]!, v);
    }
    return v;
  }

  private notAFunction(args: ArgNode[], final: Final): void {
    if (args.length > 1 || final !== MISSING) this.errorf(`can't give argument to non-function ${nodeString(args[0]!)}`);
  }

  private async evalCommand(dot: GoValue, cmd: CommandNode, final: Final): Promise<GoValue> {
    const first = cmd.args[0]!;
    switch (first.type) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        return this.errorf('nil is not a command');
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return first.text;
    }
  }

  /** The value of a number literal where no type is implied: int unless it looks like a float. */
  private idealConstant(n: NumberNode): GoValue {
    this.at(n);
    if (n.isComplex) return this.errorf(`complex constant ${n.text} is not supported`);
    const hexInt = /^[+-]?0[xX]/.test(n.text) && !/[pP]/.test(n.text);
    const runeInt = n.text.startsWith("'");
    if (n.isFloat && !hexInt && !runeInt && /[.eEpP]/.test(n.text)) return n.float64;
    if (n.isInt) return n.int64;
    if (n.isUint) return this.errorf(`${n.text} overflows int`);
    return undefined;
  }

  private evalFieldNode(dot: GoValue, field: FieldNode, args: ArgNode[], final: Final): Promise<GoValue> {
    this.at(field);
    return this.evalFieldChain(dot, dot, field, field.ident, args, final);
  }

  private async evalChainNode(dot: GoValue, chain: ChainNode, args: ArgNode[] | undefined, final: Final): Promise<GoValue> {
    this.at(chain);
    if (chain.node.type === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const pipe = await this.evalArg(dot, undefined, chain.node);
    return this.evalFieldChain(dot, pipe, chain, chain.field, args, final);
  }

  private async evalVariableNode(dot: GoValue, v: VariableNode, args: ArgNode[] | undefined, final: Final): Promise<GoValue> {
    this.at(v);
    const value = this.varValue(v.ident[0]!);
    if (v.ident.length === 1) {
      this.notAFunction(args ?? [v], final);
      return value;
    }
    return this.evalFieldChain(dot, value, v, v.ident.slice(1), args, final);
  }

  private async evalFieldChain(
    dot: GoValue, receiver: GoValue, node: Node, ident: string[], args: ArgNode[] | undefined, final: Final,
  ): Promise<GoValue> {
    const n = ident.length;
    for (let i = 0; i < n - 1; i++) receiver = await this.evalField(dot, ident[i]!, node, undefined, MISSING, receiver);
    return this.evalField(dot, ident[n - 1]!, node, args, final, receiver);
  }

  private async evalField(
    dot: GoValue, fieldName: string, node: Node, args: ArgNode[] | undefined, final: Final, receiver: GoValue,
  ): Promise<GoValue> {
    if (receiver === undefined) return undefined; // missingkey=zero: no error for a missing value
    const typ = typeName(receiver);
    if (receiver === null) return this.errorf(`nil pointer evaluating interface {}.${fieldName}`);
    if (receiver instanceof GoTime) {
      const method = timeMethod(receiver, fieldName);
      if (method) return this.evalCall(dot, method, false, node, fieldName, args, final);
    }
    const hasArgs = (args !== undefined && args.length > 1) || final !== MISSING;
    const structField = (fields: Record<string, GoValue>): GoValue => {
      if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
      return fields[fieldName];
    };
    if (receiver instanceof AlertData) {
      const fields = {
        Labels: receiver.labels,
        ExternalLabels: receiver.externalLabels,
        ExternalURL: receiver.externalURL,
        Value: receiver.value,
      };
      if (Object.hasOwn(fields, fieldName)) return structField(fields);
    } else if (receiver instanceof Sample) {
      if (fieldName === 'Labels' || fieldName === 'Value') {
        return structField({ Labels: receiver.labels, Value: receiver.value });
      }
    } else if (receiver === NilSample) {
      if (fieldName === 'Labels' || fieldName === 'Value') this.errorf(`nil pointer evaluating ${typ}.${fieldName}`);
    } else if (receiver instanceof GoMap) {
      if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
      const v = receiver.m.get(fieldName);
      if (v !== undefined) return v;
      return receiver.elem === 'string' ? '' : null; // missingkey=zero
    } else if (receiver instanceof GoTime && ['wall', 'ext', 'loc'].includes(fieldName)) {
      this.errorf(`${fieldName} is an unexported field of struct type ${typ}`);
    }
    return this.errorf(`can't evaluate field ${fieldName} in type ${typ}`);
  }

  private async evalFunction(
    dot: GoValue, node: IdentifierNode, cmd: Node, args: ArgNode[] | undefined, final: Final,
  ): Promise<GoValue> {
    this.at(node);
    const name = node.ident;
    const fn = this.env.funcs[name];
    if (!fn) return this.errorf(`${quote(name)} is not a defined function`);
    return this.evalCall(dot, fn, this.env.builtins.has(name), cmd, name, args, final);
  }

  private async evalCall(
    dot: GoValue, fn: GoFunc, isBuiltin: boolean, node: Node, name: string, args: ArgNode[] | undefined, final: Final,
  ): Promise<GoValue> {
    const argNodes = args ? args.slice(1) : [];
    const numIn = argNodes.length + (final !== MISSING ? 1 : 0);
    let numFixed = argNodes.length;
    if (fn.variadic) {
      numFixed = fn.params.length;
      if (numIn < numFixed) {
        this.errorf(`wrong number of args for ${name}: want at least ${fn.params.length} got ${argNodes.length}`);
      }
    } else if (numIn !== fn.params.length) {
      this.errorf(`wrong number of args for ${name}: want ${fn.params.length} got ${numIn}`);
    }

    if (isBuiltin && (name === 'and' || name === 'or')) {
      // Short-circuit: stop at the first false (and) / true (or) argument.
      let v: GoValue = undefined;
      for (const arg of argNodes) {
        v = await this.evalArg(dot, 'value', arg);
        if (isTrue(v === null ? undefined : v) === (name === 'or')) return v;
      }
      if (final !== MISSING) v = this.validateType(final, 'value');
      return v;
    }

    const argv: GoValue[] = [];
    let i = 0;
    for (; i < numFixed && i < argNodes.length; i++) argv.push(await this.evalArg(dot, fn.params[i], argNodes[i]!));
    if (fn.variadic) for (; i < argNodes.length; i++) argv.push(await this.evalArg(dot, fn.variadic, argNodes[i]!));
    if (final !== MISSING) {
      let t: ParamType;
      if (fn.variadic) t = numIn - 1 < numFixed ? fn.params[numIn - 1]! : fn.variadic;
      else t = fn.params[fn.params.length - 1]!;
      argv.push(this.validateType(final, t));
    }
    try {
      return await fn.call(argv, this.env.ctx);
    } catch (e) {
      if (e instanceof ExecError || typeof e === 'symbol') throw e;
      this.at(node);
      return this.errorf(`error calling ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Checks that a computed value fits a parameter type (Go's validateType). */
  private validateType(value: GoValue, typ: ParamType | undefined): GoValue {
    if (typ === undefined) return value;
    const tn = paramTypeName[typ];
    if (value === undefined) {
      if (canBeNil(typ)) return zeroOf(typ);
      return this.errorf(`invalid value; expected ${tn}`);
    }
    if (typ === 'any' || typ === 'value') return value;
    if (value === null) return this.errorf(`wrong type for value; expected ${tn}; got interface {}`);
    if (!hasType(value, typ)) this.errorf(`wrong type for value; expected ${tn}; got ${typeName(value)}`);
    return value;
  }

  private async evalArg(dot: GoValue, typ: ParamType | undefined, n: ArgNode): Promise<GoValue> {
    this.at(n);
    switch (n.type) {
      case 'dot':
        return this.validateType(dot, typ);
      case 'nil':
        if (typ && canBeNil(typ)) return zeroOf(typ);
        return this.errorf(`cannot assign nil to ${typ ? paramTypeName[typ] : 'interface {}'}`);
      case 'field':
        return this.validateType(await this.evalFieldNode(dot, n, [n], MISSING), typ);
      case 'variable':
        return this.validateType(await this.evalVariableNode(dot, n, undefined, MISSING), typ);
      case 'pipe':
        return this.validateType(await this.evalPipeline(dot, n), typ);
      case 'identifier':
        return this.validateType(await this.evalFunction(dot, n, n, undefined, MISSING), typ);
      case 'chain':
        return this.validateType(await this.evalChainNode(dot, n, undefined, MISSING), typ);
    }
    const found = nodeString(n);
    switch (typ) {
      case 'bool':
        if (n.type === 'bool') return n.value;
        return this.errorf(`expected bool; found ${found}`);
      case 'float64':
        if (n.type === 'number' && n.isFloat) return n.float64;
        return this.errorf(`expected float; found ${found}`);
      case 'int':
        if (n.type === 'number' && n.isInt) return n.int64;
        return this.errorf(`expected integer; found ${found}`);
      case 'string':
        if (n.type === 'string') return n.text;
        return this.errorf(`expected string; found ${found}`);
      case 'any':
      case 'value':
        if (n.type === 'bool') return n.value;
        if (n.type === 'number') return this.idealConstant(n);
        return n.text;
      default:
        return this.errorf(`can't handle ${found} for arg of type ${typ ? paramTypeName[typ] : '<nil>'}`);
    }
  }
}

/** Executes template `name` from env.trees with `data` as dot; returns the output. */
export async function execute(env: ExecEnv, name: string, data: GoValue): Promise<string> {
  const out: string[] = [];
  const state = new State(env, name, out, 0, data);
  const tree = env.trees.get(name);
  if (!tree) state.errorf(`${quote(name)} is an incomplete or empty template`);
  try {
    await state.walk(data, (tree as Tree).root as ListNode);
  } catch (e) {
    if (e === BREAK || e === CONTINUE) throw new ExecError('template: break/continue outside range');
    throw e;
  }
  return out.join('');
}

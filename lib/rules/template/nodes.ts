// Parse tree nodes of Go text/template (text/template/parse/node.go) and their String() forms,
// which Go uses in execution error messages ("executing ... at <{{.Foo}}>").

import { quote } from './strconv';

export type TextNode = { type: 'text'; pos: number; text: string };
export type ActionNode = { type: 'action'; pos: number; line: number; pipe: PipeNode };
export type PipeNode = {
  type: 'pipe';
  pos: number;
  line: number;
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
};
export type CommandNode = { type: 'command'; pos: number; args: ArgNode[] };
export type IdentifierNode = { type: 'identifier'; pos: number; ident: string };
export type VariableNode = { type: 'variable'; pos: number; ident: string[] };
export type DotNode = { type: 'dot'; pos: number };
export type NilNode = { type: 'nil'; pos: number };
export type FieldNode = { type: 'field'; pos: number; ident: string[] };
export type ChainNode = { type: 'chain'; pos: number; node: ArgNode; field: string[] };
export type BoolNode = { type: 'bool'; pos: number; value: boolean };
export type NumberNode = {
  type: 'number';
  pos: number;
  text: string;
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  isComplex: boolean;
  int64: bigint;
  uint64: bigint;
  float64: number;
};
export type StringNode = { type: 'string'; pos: number; quoted: string; text: string };
export type ListNode = { type: 'list'; pos: number; nodes: Node[] };
export type BranchNode = {
  type: 'if' | 'range' | 'with';
  pos: number;
  line: number;
  pipe: PipeNode;
  list: ListNode;
  elseList?: ListNode;
};
export type TemplateNode = { type: 'template'; pos: number; line: number; name: string; pipe?: PipeNode };
export type LoopControlNode = { type: 'break' | 'continue'; pos: number; line: number };
/** Parser-internal markers for {{end}} and {{else}}. */
export type EndNode = { type: 'end' | 'else'; pos: number; line: number };

/** Operands that can appear as command arguments. */
export type ArgNode =
  | IdentifierNode | VariableNode | DotNode | NilNode | FieldNode | ChainNode
  | BoolNode | NumberNode | StringNode | PipeNode;

export type Node =
  | TextNode | ActionNode | PipeNode | CommandNode | IdentifierNode | VariableNode | DotNode | NilNode
  | FieldNode | ChainNode | BoolNode | NumberNode | StringNode | ListNode | BranchNode | TemplateNode
  | LoopControlNode | EndNode;

export type Tree = { name: string; root: ListNode };


/** Node.String() as in Go. */
export function nodeString(n: Node): string {
  switch (n.type) {
    case 'text':
      return n.text;
    case 'action':
      return '{{' + nodeString(n.pipe) + '}}';
    case 'pipe': {
      let s = '';
      if (n.decl.length > 0) s += n.decl.map(nodeString).join(', ') + ' := ';
      return s + n.cmds.map(nodeString).join(' | ');
    }
    case 'command':
      return n.args.map((a) => (a.type === 'pipe' ? '(' + nodeString(a) + ')' : nodeString(a))).join(' ');
    case 'identifier':
      return n.ident;
    case 'variable':
      return n.ident.join('.');
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'field':
      return n.ident.map((id) => '.' + id).join('');
    case 'chain': {
      const base = n.node.type === 'pipe' ? '(' + nodeString(n.node) + ')' : nodeString(n.node);
      return base + n.field.map((f) => '.' + f).join('');
    }
    case 'bool':
      return n.value ? 'true' : 'false';
    case 'number':
      return n.text;
    case 'string':
      return n.quoted;
    case 'list':
      return n.nodes.map(nodeString).join('');
    case 'if':
    case 'range':
    case 'with': {
      let s = '{{' + n.type + ' ' + nodeString(n.pipe) + '}}' + nodeString(n.list);
      if (n.elseList) s += '{{else}}' + nodeString(n.elseList);
      return s + '{{end}}';
    }
    case 'template':
      return n.pipe
        ? `{{template ${quote(n.name)} ${nodeString(n.pipe)}}}`
        : `{{template ${quote(n.name)}}}`;
    case 'break':
      return '{{break}}';
    case 'continue':
      return '{{continue}}';
    case 'end':
      return '{{end}}';
    case 'else':
      return '{{else}}';
  }
}

/** parse.IsEmptyTree: only whitespace text. */
export function isEmptyTree(n: Node | undefined): boolean {
  if (!n) return true;
  if (n.type === 'list') return n.nodes.every(isEmptyTree);
  if (n.type === 'text') return n.text.trim() === '';
  return false;
}

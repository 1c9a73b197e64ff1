// `promtool check rules` parses alert labels and annotations as Go text/template and rejects the
// file on a template error. This finds the lexer-level errors of Go's text/template (an action,
// comment or quoted string left open), the usual typos; it does not type-check the template.

/** Go's message for the first lexer error in `text`, or undefined. */
export function goTemplateLexError(text: string): string | undefined {
  let i = 0;
  for (;;) {
    const open = text.indexOf('{{', i);
    if (open < 0) return undefined;
    i = open + 2;
    if (/^-[ \t\r\n]/.test(text.slice(i, i + 2))) i += 2; // "{{- " trims the text before
    if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return 'unclosed comment';
      i = end + 2;
      const close = /^(?:[ \t\r\n]-)?\}\}/.exec(text.slice(i));
      if (!close) return 'comment ends before closing delimiter';
      i += close[0].length;
      continue;
    }
    const error = skipAction(text, i);
    if (typeof error === 'string') return error;
    i = error;
  }
}

/** The index after the action's `}}`, or the error. */
function skipAction(text: string, from: number): number | string {
  let i = from;
  while (i < text.length) {
    if (text.startsWith('}}', i)) return i + 2;
    const c = text[i]!;
    if (c === '"' || c === "'") {
      i = skipQuoted(text, i + 1, c);
      if (i < 0) return c === '"' ? 'unterminated quoted string' : 'unterminated character constant';
    } else if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end < 0) return 'unterminated raw quoted string';
      i = end + 1;
    } else {
      i++;
    }
  }
  return 'unclosed action';
}

/** The index after the closing quote, or -1 (Go's quoted strings end at a newline). */
function skipQuoted(text: string, from: number, quote: string): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && text[i + 1] !== '\n') i++;
    else if (c === '\n' || c === '\\') return -1;
    else if (c === quote) return i + 1;
  }
  return -1;
}

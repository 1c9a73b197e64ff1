import { readFileSync } from 'node:fs';
import { parseRuleFile, toRuleGroupInputs } from '../rule-file';

/** `rules check`: what importing these rule files would keep, and every problem by line. */
export function runCheckCommand(files: readonly string[], print: (line: string) => void): number {
  let errors = 0;
  for (const file of files) {
    const { groups, problems } = toRuleGroupInputs(parseRuleFile(readFileSync(file, 'utf8'), { fileName: file }));
    for (const problem of problems) {
      print(`${file}:${problem.line}:${problem.column}: ${problem.severity}: ${problem.name ? `${problem.name}: ` : ''}${problem.message}`);
    }
    errors += problems.filter((p) => p.severity === 'error').length;
    print(`${file}: ${groups.length} groups, ${groups.reduce((n, g) => n + g.rules.length, 0)} alert rules importable, ${problems.length} problems`);
  }
  return errors > 0 ? 1 : 0;
}

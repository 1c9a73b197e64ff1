import { startLocalPrometheus } from '../../prometheus/local-prometheus';
import { readTestFile, type PromtoolTestFile } from '../../promtool/test-file';
import { loadRuleFiles, orderGroups } from './load-rule-files';
import { runTestGroup } from './run-test-group';

export interface RulesTestSummary {
  passed: number;
  failed: number;
}

/**
 * `rules test FILE...`: promtool-compatible rule unit tests. Each test group gets a fresh
 * temporary Prometheus (its TSDB must hold only that group's series, from time 0), unless
 * `prometheusUrl` names one to use instead. Prints promtool's report per file and counts
 * passed / failed test groups; a file that cannot be read or whose rules do not load counts as
 * one failure.
 */
export async function runRulesTestFiles(
  files: readonly string[],
  options: { prometheusUrl?: string; print: (line: string) => void },
): Promise<RulesTestSummary> {
  const summary: RulesTestSummary = { passed: 0, failed: 0 };
  for (const file of files) {
    options.print(`Unit Testing:  ${file}`);
    let testFile: PromtoolTestFile;
    try {
      testFile = readTestFile(file);
    } catch (error) {
      options.print(`  FAILED:\n${(error as Error).message}\n`);
      summary.failed++;
      continue;
    }
    for (const warning of testFile.warnings) options.print(`  WARNING: ${warning}`);
    const rules = loadRuleFiles(testFile.ruleFiles);
    if (rules.errors.length) {
      options.print(`  FAILED:\n${rules.errors.map((e) => `    ${e}`).join('\n')}\n`);
      summary.failed++;
      continue;
    }
    const groups = orderGroups(rules.groups, testFile.groupEvalOrder);
    const failures: string[] = [];
    for (const test of testFile.tests) {
      const prometheus = options.prometheusUrl ? undefined : await startLocalPrometheus();
      try {
        const problems = await runTestGroup(test, groups, testFile.evaluationIntervalMs, options.prometheusUrl ?? prometheus!.url);
        if (problems.length) {
          failures.push(...problems);
          summary.failed++;
        } else {
          summary.passed++;
        }
      } catch (error) {
        failures.push(`    ${test.name ? `name: ${test.name}, ` : ''}error: ${(error as Error).message}`);
        summary.failed++;
      } finally {
        await prometheus?.stop();
      }
    }
    // promtool prints a blank line after each failure.
    options.print(failures.length ? `  FAILED:\n${failures.map((f) => `${f}\n`).join('\n')}` : '  SUCCESS\n');
  }
  return summary;
}

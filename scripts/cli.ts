// `npm run cli -- <command>`: the product's command line.
//   rules test [--prometheus URL] FILE...      promtool-compatible rule unit tests
//   rules backtest --prometheus URL --rules FILE --start T --end T [--interval D] [--json]
//   rules check FILE...                         report what an import would keep, by line
import { parseArgs } from 'node:util';
import { runBacktestCommand } from '../lib/rules/cli/backtest-command';
import { runCheckCommand } from '../lib/rules/cli/check-command';
import { runRulesTestFiles } from '../lib/rules/rules-test/run-test-files';

const USAGE = `usage:
  npm run cli -- rules test [--prometheus URL] FILE...
  npm run cli -- rules backtest --prometheus URL --rules FILE --start T --end T [--interval 1m] [--json]
  npm run cli -- rules check FILE...
Times are RFC 3339 (2026-11-22T10:00:00Z), Unix seconds, or now / now-24h.`;

async function main(argv: string[]): Promise<number> {
  const [area, command, ...rest] = argv;
  const print = (line: string) => process.stdout.write(`${line}\n`);
  if (area !== 'rules' || !command) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (command === 'test') {
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { prometheus: { type: 'string' } } });
    if (positionals.length === 0) throw new UsageError('rules test needs at least one test file');
    const summary = await runRulesTestFiles(positionals, { ...(values.prometheus ? { prometheusUrl: values.prometheus } : {}), print });
    print(`${summary.passed} passed, ${summary.failed} failed`);
    return summary.failed > 0 ? 1 : 0;
  }
  if (command === 'backtest') {
    const { values } = parseArgs({
      args: rest,
      options: { prometheus: { type: 'string' }, rules: { type: 'string' }, start: { type: 'string' }, end: { type: 'string' }, interval: { type: 'string' }, json: { type: 'boolean' } },
    });
    if (!values.prometheus || !values.rules || !values.start || !values.end) throw new UsageError('rules backtest needs --prometheus, --rules, --start and --end');
    return runBacktestCommand({ prometheus: values.prometheus, rules: values.rules, start: values.start, end: values.end, interval: values.interval ?? '1m', json: values.json ?? false }, print);
  }
  if (command === 'check') {
    const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
    if (positionals.length === 0) throw new UsageError('rules check needs at least one rule file');
    return runCheckCommand(positionals, print);
  }
  throw new UsageError(`unknown command "rules ${command}"`);
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  },
);

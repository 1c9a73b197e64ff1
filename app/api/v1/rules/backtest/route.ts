import { apiRoute } from '@/lib/http/api-route';
import { readJson } from '@/lib/http/read-json';
import { backtestRequestSchema, runBacktest } from '@/lib/rules/backtest-action';

export const dynamic = 'force-dynamic';

// POST /api/v1/rules/backtest - when would these rules have been pending / firing on a cluster?
export const POST = apiRoute('read', async ({ req, app }) => Response.json(await runBacktest(app, await readJson(req, backtestRequestSchema, 256 * 1024))));

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelSelectorToSql, matchesLabelSelector, parseLabelSelector } from '../../lib/clusters/label-selector';
import { createTestDatabase, type TestDatabase } from '../support/database';

// The same label sets in PostgreSQL (JSONB) and in memory, so the SQL translation can be checked
// against matchesLabelSelector and against hand-written answers.
const ROWS: [number, Record<string, string>][] = [
  [1, { env: 'prod', region: 'eu', tier: 'web' }],
  [2, { env: 'prod', region: 'us' }],
  [3, { env: 'staging', region: 'eu', canary: 'true' }],
  [4, { env: 'dev' }],
  [5, {}],
  [6, { env: '', region: 'ap' }],
  [7, { 'app.kubernetes.io/name': 'web', env: 'prod', canary: 'true' }],
  [8, { region: 'eu', tier: 'db' }],
];

const CASES: [string, number[]][] = [
  ['', [1, 2, 3, 4, 5, 6, 7, 8]],
  ['env=prod', [1, 2, 7]],
  ['env==prod', [1, 2, 7]],
  // A missing key satisfies "!=" and "notin" (Kubernetes semantics): rows 5 and 8 have no env.
  ['env!=prod', [3, 4, 5, 6, 8]],
  ['env in (prod,staging)', [1, 2, 3, 7]],
  ['env notin (prod,staging)', [4, 5, 6, 8]],
  ['canary', [3, 7]],
  ['!canary', [1, 2, 4, 5, 6, 8]],
  ['!env', [5, 8]],
  ['env=prod,region in (eu,us)', [1, 2]],
  ['env=', [6]],
  ['env in ()', [6]],
  ['env!=', [1, 2, 3, 4, 5, 7, 8]],
  ['region notin (eu),!tier', [2, 4, 5, 6, 7]],
  ['region in (eu,,ap)', [1, 3, 6, 8]],
  ['app.kubernetes.io/name=web', [7]],
  ['tier,tier!=db', [1]],
  ['env in (prod),env notin (prod)', []],
  ['env=prod,canary,app.kubernetes.io/name in (web)', [7]],
];

describe('labelSelectorToSql on PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    await database.query('CREATE TABLE t (id int PRIMARY KEY, labels jsonb NOT NULL)');
    for (const [id, labels] of ROWS) {
      await database.query('INSERT INTO t (id, labels) VALUES ($1, $2::jsonb)', [id, JSON.stringify(labels)]);
    }
  });
  afterAll(() => database?.drop());

  const select = async (where: string, params: unknown[]) =>
    (await database.query<{ id: number }>(`SELECT id FROM t WHERE ${where} ORDER BY id`, params)).map((r) => r.id);

  it.each(CASES)('%j selects %j, like matchesLabelSelector', async (selector, expected) => {
    const requirements = parseLabelSelector(selector);
    const inMemory = ROWS.filter(([, labels]) => matchesLabelSelector(requirements, labels)).map(([id]) => id);
    const { sql, params } = labelSelectorToSql(requirements, 'labels', 1);
    expect(await select(sql, params)).toEqual(expected);
    expect(inMemory).toEqual(expected);
  });

  it('yields TRUE or FALSE, never NULL, so NOT (...) selects the complement', async () => {
    for (const [selector, expected] of CASES) {
      const { sql, params } = labelSelectorToSql(parseLabelSelector(selector), 'labels', 1);
      const complement = ROWS.map(([id]) => id).filter((id) => !expected.includes(id));
      expect(await select(`NOT (${sql})`, params)).toEqual(complement);
    }
  });

  it('numbers parameters after the caller’s own', async () => {
    const { sql, params } = labelSelectorToSql(parseLabelSelector('env=prod'), 'labels', 2);
    expect(await select(`id > $1 AND ${sql}`, [1, ...params])).toEqual([2, 7]);
  });

  it('runs through Prisma raw queries too (the "?" operator is not taken for a placeholder)', async () => {
    const { sql, params } = labelSelectorToSql(parseLabelSelector('region in (eu,us),!canary'), 'labels', 2);
    const rows = await database.prisma.$queryRawUnsafe<{ id: number }[]>(
      `SELECT id FROM t WHERE id <> $1 AND ${sql} ORDER BY id`,
      8,
      ...params,
    );
    expect(rows.map((r) => r.id)).toEqual([1, 2]);
  });

  it('keeps hostile values as data', async () => {
    const nasty = "prod' OR '1'='1";
    const { sql, params } = labelSelectorToSql([{ key: 'env', operator: 'equals', values: [nasty] }], 'labels', 1);
    expect(await select(sql, params)).toEqual([]);
    expect(await select('TRUE', [])).toHaveLength(ROWS.length);
  });
});

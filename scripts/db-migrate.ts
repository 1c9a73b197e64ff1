// npm run db:migrate -- --name add_rules
// Writes prisma/migrations/<timestamp>_<name>/migration.sql from the difference between the
// migrations folder and prisma/schema.prisma (Prisma's WASM schema engine, offline), then
// applies it to the local database.
import { parseArgs } from 'node:util';
import { applyMigrations, createMigration } from '../lib/db/migrations';
import { withToolDatabase } from './db-tool';

async function main() {
  const { values } = parseArgs({ options: { name: { type: 'string' } } });
  if (!values.name) {
    console.error('usage: npm run db:migrate -- --name <lowercase_name>');
    process.exit(2);
  }
  await withToolDatabase(async (db) => {
    const dir = await createMigration(db.url, values.name!);
    if (!dir) {
      console.log('schema.prisma and prisma/migrations agree: no migration needed.');
    } else {
      console.log(`wrote ${dir}/migration.sql`);
    }
    const applied = await applyMigrations(db.url);
    if (applied.length) console.log(`applied: ${applied.join(', ')}`);
  });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

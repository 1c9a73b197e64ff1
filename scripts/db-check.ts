// npm run db:check - drift check for CI: fails when prisma/schema.prisma and the migrations
// folder disagree (someone edited the schema without `npm run db:migrate`).
import { pendingSchemaChange } from '../lib/db/migrations';
import { withToolDatabase } from './db-tool';

async function main() {
  const sql = await withToolDatabase((db) => pendingSchemaChange(db.url));
  if (sql) {
    console.error('Drift: prisma/schema.prisma has changes no migration contains. Run `npm run db:migrate -- --name <name>`.\nMissing SQL:\n' + sql);
    process.exit(1);
  }
  console.log('No drift: prisma/schema.prisma matches prisma/migrations.');
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

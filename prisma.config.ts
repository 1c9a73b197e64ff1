// Prisma CLI configuration (Prisma 7 reads the datasource URL from here, not the schema).
// The CLI is only used for `prisma generate`; migrations go through scripts/db-*.ts offline.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:54329/kubewatch' },
});

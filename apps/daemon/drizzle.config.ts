import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './apps/daemon/src/db/schema.ts',
  out: './drizzle',
});

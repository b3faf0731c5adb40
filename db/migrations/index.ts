import type { Migration, MigrationProvider } from "kysely";
import foundation from "./0001_foundation";

// Listed statically so migrations work the same from tsx, vitest and the Remix bundle.
const migrations: Record<string, Migration> = {
  "0001_foundation": foundation,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};

// npm run db:migrate: brings the database up to the latest migration (the server also does this at start).
import { runCommand } from "./cli";

await runCommand({ worker: false, queue: false }, async (runtime) => {
  console.log(`Database at ${runtime.database.location} is up to date.`);
});

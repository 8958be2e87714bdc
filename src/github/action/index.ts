// The Action's entry (dist/index.js), in the typescript-action template's layout: it only runs
// run() from main.ts, which tests call with their own dependencies.
import { run } from './main.js';

const code = await run();
process.exitCode = code;
// libpg-query's Emscripten runtime sets process.exitCode = 0 from its own callbacks: the step's
// result must win.
process.on('exit', () => {
  process.exitCode = code;
});
// A handle some library leaves open (an idle pool, a probe timer) must not keep a finished step
// running until the job's timeout; unref'd, this never delays a process that is already done.
setTimeout(() => process.exit(code), 10_000).unref();

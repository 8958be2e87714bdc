import { runCli } from './run-cli.js';
import { ignoreClosedPipes } from './cli-io.js';

ignoreClosedPipes();
const code = await runCli(process.argv.slice(2));
process.exitCode = code;
// libpg-query's Emscripten runtime sets process.exitCode = 0 from its own callbacks when it winds
// down, which can happen after the line above; the code the command returned must be the last word.
process.on('exit', () => {
  process.exitCode = code;
});

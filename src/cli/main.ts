import { runCli } from './run-cli.js';
import { ignoreClosedPipes } from './cli-io.js';
import { exitOnStopSignal, signalExitCode } from '../util/stop-signals.js';

ignoreClosedPipes();
// Commands that stop gracefully (rollout, demo) subscribe their own handler over this one.
exitOnStopSignal();
const returned = await runCli(process.argv.slice(2));
// A command cut short by a signal may return its own failure first (a scratch server stopped under it): the signal's code wins.
const code = signalExitCode() ?? returned;
process.exitCode = code;
// libpg-query's Emscripten runtime sets process.exitCode = 0 from its own callbacks when it winds
// down, which can happen after the line above; the code the command returned must be the last word.
process.on('exit', () => {
  process.exitCode = code;
});

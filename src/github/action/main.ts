import { SchemafleetError } from '../../errors.js';
import type { ActionDeps } from './action-deps.js';
import { parseActionInputs } from './action-inputs.js';
import { ActionSecrets } from './action-secrets.js';
import type { ModeResult } from './mode-result.js';
import { redactingCore } from './redacting-core.js';
import { runReviewMode } from './review-mode.js';
import { runRolloutMode } from './rollout-mode.js';
import { runPreflightMode } from './preflight-mode.js';
import { runStatusMode } from './status-mode.js';

/**
 * The Action: reads the inputs, runs the mode, sets the outputs, and fails the step (with a
 * message that holds no password) when the mode did not succeed. Returns the exit code, which
 * index.ts makes the process's last word.
 */
export async function run(overrides: Partial<ActionDeps> = {}): Promise<number> {
  const base =
    overrides.core && overrides.context && overrides.getOctokit && overrides.env && overrides.onStopSignal && overrides.cwd
      ? (overrides as ActionDeps)
      : { ...(await import('./default-deps.js')).actionDepsFromEnvironment(), ...overrides };
  const secrets = new ActionSecrets((secret) => base.core.setSecret(secret));
  const core = redactingCore(base.core, secrets.redact);
  const deps: ActionDeps = { ...base, core };
  try {
    // Masked before anything is logged: what is typed into the workflow file may be a secret's value.
    secrets.add(base.core.getInput('github-token'));
    secrets.addUrl(base.core.getInput('dev-url').trim() || null);
    const inputs = parseActionInputs((name) => base.core.getInput(name));
    let result: ModeResult;
    switch (inputs.mode) {
      case 'review':
        result = await runReviewMode(inputs, deps, secrets);
        break;
      case 'rollout':
        result = await runRolloutMode(inputs, deps, secrets);
        break;
      case 'preflight':
        result = await runPreflightMode(inputs, deps, secrets);
        break;
      case 'status':
        result = await runStatusMode(inputs, deps, secrets);
        break;
    }
    core.setOutput('result', JSON.stringify(result.result));
    core.setOutput('plan', result.plan);
    if (!result.ok) {
      core.setFailed(result.failure ?? `mode ${inputs.mode} failed`);
      return 1;
    }
    return 0;
  } catch (error) {
    core.setFailed(failureMessage(error));
    return 1;
  }
}

function failureMessage(error: unknown): string {
  if (error instanceof SchemafleetError) return error.hint ? `${error.message}\nhint: ${error.hint}` : error.message;
  if (error instanceof Error) return `${error.message}${error.stack ? `\n${error.stack.split('\n').slice(1, 6).join('\n')}` : ''}`;
  return String(error);
}

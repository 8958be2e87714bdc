import type { AnnotationProperties } from '@actions/core';
import type { ActionCore } from './action-deps.js';

/**
 * `core` with every message, output and summary passed through `redact` first. The runner masks
 * registered secrets in the log, but not in outputs or the job summary, and a URL built at run
 * time may hold a password nobody registered; this is the one place all text leaves through.
 */
export function redactingCore(core: ActionCore, redact: (text: string) => string): ActionCore {
  const props = (properties?: AnnotationProperties): AnnotationProperties | undefined => (properties?.title ? { ...properties, title: redact(properties.title) } : properties);
  return {
    getInput: (name) => core.getInput(name),
    setSecret: (secret) => core.setSecret(secret),
    setOutput: (name, value) => core.setOutput(name, redact(value)),
    setFailed: (message) => core.setFailed(redact(message)),
    info: (message) => core.info(redact(message)),
    warning: (message, properties) => core.warning(redact(message), props(properties)),
    error: (message, properties) => core.error(redact(message), props(properties)),
    notice: (message, properties) => core.notice(redact(message), props(properties)),
    writeSummary: (markdown) => core.writeSummary(redact(markdown)),
  };
}

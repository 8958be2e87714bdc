/** A `${VAR}` the environment does not define and that has no `:-default`. */
export class MissingEnvVarError extends Error {
  constructor(readonly variable: string) {
    super(`environment variable ${variable} is not set`);
  }
}

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Expands `${VAR}` and `${VAR:-default}` (the default also applies when VAR is empty, as in a shell).
 * Values substituted into the user:password part of a URL are percent-encoded, so a raw password
 * holding `@`, `:` or `/` still gives a URL that parses to the intended host.
 */
export function expandEnv(template: string, env: Readonly<Record<string, string | undefined>>): { value: string; secrets: string[] } {
  const secrets: string[] = [];
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(template);
  const userinfoEnd = authority ? authority[0].length - 1 : -1;
  const value = template.replace(REFERENCE, (_whole, name: string, fallback: string | undefined, offset: number) => {
    const raw = env[name];
    let resolved: string;
    if (fallback !== undefined) resolved = raw === undefined || raw === '' ? fallback : raw;
    else if (raw === undefined) throw new MissingEnvVarError(name);
    else resolved = raw;
    if (resolved) secrets.push(resolved);
    return offset < userinfoEnd ? encodeURIComponent(resolved) : resolved;
  });
  return { value, secrets };
}

import { redactSecrets } from '../../errors.js';
import type { FleetConfig } from '../../fleet/config/config-schema.js';
import type { Tenant, TenantSource } from '../../fleet/tenant.js';

const ENV_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?\}/g;

/** A URL and every spelling of the password in it (raw, decoded, in `?password=`). @internal test/github/action/action-inputs.test.ts checks every spelling of a password is masked. */
export function secretsOfUrl(url: string): string[] {
  const out = [url];
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      out.push(parsed.password);
      const decoded = safeDecode(parsed.password);
      if (decoded !== parsed.password) out.push(decoded);
    }
    const query = parsed.searchParams.get('password');
    if (query) out.push(query, encodeURIComponent(query));
  } catch {
    /* not a URL: the whole text is the secret */
  }
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Every URL in a loaded config: tenants, their sources, the ledger, http probes. */
function configUrls(config: FleetConfig): string[] {
  const urls: string[] = [];
  const tenants = config.tenants;
  if (tenants.kind === 'list' || tenants.kind === 'file') urls.push(...tenants.tenants.map((tenant) => tenant.url));
  else urls.push(tenants.url);
  if (config.ledger) urls.push(config.ledger.url);
  for (const probe of config.health.probes) if (probe.kind === 'http') urls.push(probe.url);
  return urls;
}

/** Values of the environment variables a config file refers to as `${VAR}`: passwords, mostly. */
export function referencedEnvValues(configText: string, env: Readonly<Record<string, string | undefined>>): string[] {
  const values: string[] = [];
  for (const match of configText.matchAll(ENV_REFERENCE)) {
    const value = env[match[1] as string];
    if (value) values.push(value, encodeURIComponent(value));
  }
  return values;
}

/**
 * The secrets of one Action run. Each is masked in the workflow log (core.setSecret) as soon as it is
 * known, and `redact` removes them (and any postgres URL password) from text the Action sends to
 * GitHub itself: check runs, comments, the job summary.
 */
export class ActionSecrets {
  private readonly known = new Set<string>();

  constructor(private readonly setSecret: (secret: string) => void) {}

  add(...secrets: readonly (string | null | undefined)[]): void {
    for (const secret of secrets) {
      // Masking a two-letter value would scramble the whole log; such a value is no secret anyway.
      if (!secret || secret.length < 3 || this.known.has(secret)) continue;
      this.known.add(secret);
      this.setSecret(secret);
    }
  }

  addUrl(url: string | null | undefined): void {
    if (url) this.add(...secretsOfUrl(url));
  }

  addConfig(config: FleetConfig): void {
    for (const url of configUrls(config)) this.addUrl(url);
  }

  readonly redact = (text: string): string =>
    redactSecrets(
      text,
      [...this.known].sort((a, b) => b.length - a.length),
    );

  /** `source` whose tenants' URLs are masked as they are read (a query source finds them at run time). */
  watch(source: TenantSource): TenantSource {
    const add = (tenant: Tenant): void => this.addUrl(tenant.url);
    return {
      description: source.description,
      async *pages(pageSize: number) {
        for await (const page of source.pages(pageSize)) {
          page.forEach(add);
          yield page;
        }
      },
    };
  }
}

/**
 * The error-level findings that stop an apply or a rollout. Data-loss findings are the risk that
 * allowing destructive changes accepts explicitly, so that permission lifts them; every other error
 * still needs the fix, an ignore with a reason, or allowing lint errors.
 */
export function blockingFindings<F extends { readonly severity: string; readonly category?: string }>(
  findings: readonly F[],
  allowed: { readonly allowDestructive: boolean; readonly allowLintErrors: boolean },
): F[] {
  if (allowed.allowLintErrors) return [];
  return findings.filter((f) => f.severity === 'error' && !(allowed.allowDestructive && f.category === 'data-loss'));
}

/**
 * Where the rule pages linked from a review live when the `docs-url` input is not set: the
 * docs/rules folder of the repository and ref the Action itself runs from (GITHUB_ACTION_REPOSITORY
 * and GITHUB_ACTION_REF, set by the runner for a JavaScript action), so a fork or a pinned version
 * of the Action links to its own rules. A local action (`uses: ./`) has neither: it is the
 * workflow's repository at the commit being run.
 */
type Env = Readonly<Record<string, string | undefined>>;

export function actionDocsUrl(env: Env): string | undefined {
  const server = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  const repository = env.GITHUB_ACTION_REPOSITORY || env.GITHUB_REPOSITORY;
  const ref = env.GITHUB_ACTION_REPOSITORY ? env.GITHUB_ACTION_REF : env.GITHUB_SHA;
  if (!repository || !ref) return undefined;
  return `${server}/${repository}/blob/${encodeURIComponent(ref)}/docs/rules/`;
}

import { statementTargets } from './statement-targets.js';
import { STATEMENT_RULES, type Label, type StatementAction } from './statement-rules.js';
import { reasons } from './refusal-reasons.js';
import { described, describes, several, type Node, type RuleContext } from './statement-checks.js';

/**
 * Which statements a schema file may contain. The file is the desired state of one schema and
 * comes from pull requests, so only declarations of schema objects pass; anything that moves
 * data, changes who runs the statements, reaches the server's files or configuration, or removes
 * objects is refused with a reason the author can act on.
 */

// The rules themselves are the table of statement-rules.ts; what other files of src/ took from here
// before the table had a file of its own is still exported here (the test of ALLOWED_EXTENSIONS
// imports it from statement-rules.ts: a re-export only a test uses is dead code to knip --production).
export type { StatementAction } from './statement-rules.js';
export { functionLanguage } from './statement-checks.js';

const words = (nodeType: string): string =>
  nodeType
    .replace(/Stmt$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase();

export interface StatementVerdict {
  readonly action: StatementAction;
  /** Set when the statement is refused: `<what> is not allowed in a schema file: <reason>`. */
  readonly refusal?: string;
}

/** Decides one statement: the node type's rule, then that every object it names lives in the target schema. */
export function checkStatement(nodeType: string, node: Node, context: RuleContext): StatementVerdict {
  const rule = STATEMENT_RULES[nodeType];
  const labelOf = (label: Label): string => (typeof label === 'function' ? label(node) : label);
  if (!rule) return { action: 'apply', refusal: `${words(nodeType)} is not allowed in a schema file: ${reasons.unsupported}` };
  if (!rule.allowed) {
    const reason = typeof rule.reason === 'function' ? rule.reason(node) : rule.reason;
    return { action: 'apply', refusal: `${labelOf(rule.label)} is not allowed in a schema file: ${reason}` };
  }
  const action = typeof rule.action === 'function' ? rule.action(node, context) : (rule.action ?? 'apply');
  const reason = rule.check?.(node, context) ?? otherSchemaReason(nodeType, node, context);
  if (reason) return { action, refusal: `${labelOf(rule.label)} is not allowed in a schema file: ${reason}` };
  return { action };
}

function otherSchemaReason(nodeType: string, node: Node, context: RuleContext): string | undefined {
  for (const target of statementTargets(nodeType, node)) {
    if (target.schema !== undefined && !describes(context, target.schema)) {
      const what = target.kind === 'other' || target.kind === 'relation' ? 'object' : target.kind;
      const name = target.table && target.kind !== 'index' ? `${target.schema}.${target.table}.${target.name}` : `${target.schema}.${target.name}`;
      if (several(context)) return `${what} ${name} is in schema ${target.schema}, which is not one of the schemas the file describes (${described(context)})`;
      return `${what} ${name} is in schema ${target.schema}, but the schema file describes schema ${context.schema}; leave the schema name out`;
    }
    if (target.kind === 'schema' && nodeType === 'CommentStmt' && !describes(context, target.name)) {
      if (several(context)) return `schema ${target.name} is not one of the schemas the file describes (${described(context)})`;
      return `schema ${target.name} is not the schema the file describes (${context.schema})`;
    }
  }
  return undefined;
}

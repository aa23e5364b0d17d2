import {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  parse,
  type ASTVisitor,
  type ParseOptions,
  type SelectionSetNode,
  type Source,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * The most lexical tokens a request document may have. The client's operations use at most 114 and
 * GraphiQL's introspection query about 300; graphql-js overflows its stack on a few thousand nested list
 * literals, which would otherwise be answered with a 500.
 */
export const MAX_DOCUMENT_TOKENS = 1000;

/**
 * The deepest selection an operation may make, counting every field level (`{ me { id } }` is 2). The
 * client's deepest operation (a feed page: `feed items replies share people id`) is 6; only
 * `Message.replies` nests, so anything much deeper is a query built to multiply work.
 */
export const MAX_QUERY_DEPTH = 10;

/**
 * The most aliases an operation may use, counted through fragments as often as they are spread. The
 * client uses none (batching goes through list arguments); aliases are how one request asks for the
 * same expensive field hundreds of times.
 */
export const MAX_QUERY_ALIASES = 20;

/** The names of the fields that answer introspection. */
const INTROSPECTION_FIELDS: ReadonlySet<string> = new Set(['__schema', '__type']);

interface Measure {
  readonly depth: number;
  readonly aliases: number;
}

const NOTHING: Measure = { depth: 0, aliases: 0 };

/**
 * Parses with graphql-js's own token limit, which stops a hostile document before the parser recurses
 * into it: the limit is checked token by token, so the cost of a refusal is bounded too.
 */
export function limitDocumentTokens(): Plugin {
  return {
    onParse({ setParseFn }) {
      setParseFn((source: string | Source, parseOptions?: ParseOptions) =>
        parse(source, {
          ...parseOptions,
          maxLexicalTokens: MAX_DOCUMENT_TOKENS,
          // graphql before 16.12 knows only the old name; the range in package.json still allows it.
          // eslint-disable-next-line @typescript-eslint/no-deprecated
          maxTokens: MAX_DOCUMENT_TOKENS,
        }),
      );
    },
  };
}

/**
 * The validation rules beyond graphql-js's own: depth and alias limits always, and outside dev mode no
 * introspection (`__schema`, `__type`; `__typename` stays), since the protocol is published in
 * `schema.graphql` and a production server has no reason to describe itself to whoever asks.
 */
export function requestLimitRules(options: { readonly dev: boolean }): Plugin {
  const rules: ValidationRule[] = [documentLimitsRule({ maxDepth: MAX_QUERY_DEPTH, maxAliases: MAX_QUERY_ALIASES, measureIntrospection: !options.dev })];
  if (!options.dev) rules.push(NoSchemaIntrospectionCustomRule);
  return {
    onValidate({ addValidationRule }) {
      for (const rule of rules) addValidationRule(rule);
    },
  };
}

/**
 * A validation rule refusing operations nested deeper than `maxDepth` field levels or using more than
 * `maxAliases` aliases. Fragments count where they are spread (a fragment spread twice counts twice, so
 * a chain of fragments cannot multiply aliases unseen); each fragment is measured once, so the rule
 * stays linear in the document. Fragment cycles count as nothing here: graphql-js's `NoFragmentCycles`
 * rule refuses them anyway. With `measureIntrospection` false, introspection fields are not measured
 * (dev mode, where GraphiQL-style tools send deep `ofType` chains).
 */
export function documentLimitsRule(limits: { readonly maxDepth: number; readonly maxAliases: number; readonly measureIntrospection: boolean }): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, Measure>();
    const measuring = new Set<string>();

    const measureFragment = (name: string): Measure => {
      const known = fragments.get(name);
      if (known) return known;
      const fragment = context.getFragment(name);
      if (!fragment || measuring.has(name)) return NOTHING;
      measuring.add(name);
      const measured = measure(fragment.selectionSet);
      measuring.delete(name);
      fragments.set(name, measured);
      return measured;
    };

    const measure = (selectionSet: SelectionSetNode): Measure => {
      let depth = 0;
      let aliases = 0;
      for (const selection of selectionSet.selections) {
        let inner: Measure;
        if (selection.kind === Kind.FIELD) {
          if (!limits.measureIntrospection && INTROSPECTION_FIELDS.has(selection.name.value)) continue;
          const below = selection.selectionSet ? measure(selection.selectionSet) : NOTHING;
          inner = { depth: below.depth + 1, aliases: below.aliases + (selection.alias ? 1 : 0) };
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          inner = measure(selection.selectionSet);
        } else {
          inner = measureFragment(selection.name.value);
        }
        depth = Math.max(depth, inner.depth);
        aliases += inner.aliases;
      }
      return { depth, aliases };
    };

    return {
      OperationDefinition(operation) {
        const { depth, aliases } = measure(operation.selectionSet);
        if (depth > limits.maxDepth) {
          context.reportError(
            new GraphQLError(`The operation is nested ${String(depth)} fields deep; at most ${String(limits.maxDepth)} are allowed.`, { nodes: operation }),
          );
        }
        if (aliases > limits.maxAliases) {
          const count = Number.isSafeInteger(aliases) ? String(aliases) : 'too many';
          context.reportError(
            new GraphQLError(`The operation uses ${count} aliases; at most ${String(limits.maxAliases)} are allowed.`, { nodes: operation }),
          );
        }
      },
    };
  };
}

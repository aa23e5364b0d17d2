/**
 * What the browser bundles give graphql-request instead of graphql-js (about 10 KiB min+gzip saved).
 *
 * graphql-request parses string documents only to learn their operation name, inside a try/catch; the
 * adapter only sends plain strings, so that parse can fail and the request goes out unchanged. Only the
 * names graphql-request's legacy client imports are here. Bundlers other than ours get real graphql-js.
 */
export const Kind = Object.freeze({ OPERATION_DEFINITION: 'OperationDefinition' });

export function parse() {
  throw new Error('graphql-js is not bundled: documents are sent as strings.');
}

export function print() {
  throw new Error('graphql-js is not bundled: documents are sent as strings.');
}

import { joinStringsAndValues, type msg as litMsg, type StrResult } from '@lit/localize';

/**
 * `msg()` for the source catalogue: lit-localize's signature, so `lit-localize extract` finds the calls
 * (it recognises `msg` by its type), but always the source text. lit-localize's own `msg` looks every
 * id up in whatever catalogue the host page set with `configureLocalization()`, and an ERP page that uses
 * lit-localize for itself must not be able to replace our French (or drop a name from it) by sharing an id.
 */
export const msg = ((template: string | StrResult): string =>
  typeof template === 'string' ? template : joinStringsAndValues(template.strings, template.values)) as unknown as typeof litMsg;

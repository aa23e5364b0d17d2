/**
 * Registers `constructor` as `tag` unless the tag is taken. Registering the same class twice is a
 * no-op; another class owning the tag (a second SDK copy on the ERP page) gets a console warning
 * instead of the `NotSupportedError` that would break the host page.
 */
export function defineElement(tag: string, constructor: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (existing === undefined) {
    customElements.define(tag, constructor);
  } else if (existing !== constructor) {
    console.warn(`[rse] <${tag}> is already defined by another copy of RSE Elements; keeping the first one.`);
  }
}

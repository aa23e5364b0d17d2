/**
 * Backend answers the {@link MemoryAdapter} cannot give on its own, for stories that show how an element
 * copes: a call that never answers (a send in flight), or a refusal with a given code (a forbidden
 * thread, a rejected message, feeds that cannot be listed). Everything else still reaches the memory
 * network, so the rest of the element behaves as usual.
 */
import { RseError, type MemoryAdapter, type RseAdapter, type RseErrorCode } from '@rse/core';

/** The adapter calls that answer with a promise. */
type AsyncMethod = {
  [K in keyof RseAdapter]-?: NonNullable<RseAdapter[K]> extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof RseAdapter];

/** What a faulty call does: never answer, or fail with this error code. */
export type Fault = 'hang' | RseErrorCode;

const MESSAGES: Partial<Record<RseErrorCode, string>> = {
  FORBIDDEN: 'You are not allowed to do this.',
  NETWORK: 'The server cannot be reached.',
};

/**
 * `adapter`, with the listed calls answering as `faults` says. The result is still the same
 * MemoryAdapter underneath: setting `offline` on it, or reading `calls`, reaches the original.
 */
export function withFaults(adapter: MemoryAdapter, faults: Partial<Record<AsyncMethod, Fault>>): MemoryAdapter {
  return new Proxy(adapter, {
    get(target, property, receiver) {
      const fault = typeof property === 'string' ? faults[property as AsyncMethod] : undefined;
      if (fault === undefined) return Reflect.get(target, property, receiver) as unknown;
      return () =>
        fault === 'hang'
          ? new Promise<never>(() => undefined)
          : Promise.reject(new RseError(fault, MESSAGES[fault] ?? `Refused by the story's backend (${fault}).`));
    },
  });
}

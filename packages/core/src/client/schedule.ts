/**
 * Runs `callback` once the microtasks already queued have run, without waiting for a macrotask.
 *
 * A `setTimeout` (DataLoader's browser default) lets Chromium paint a frame first: on a page of 1,000
 * badges the one count request left ~140 ms late. Lookups made while elements connect (synchronously)
 * or in their first update (microtasks queued while they connect, before this one) all come before
 * this runs — still one batch.
 */
export function afterPendingMicrotasks(callback: () => void): void {
  void Promise.resolve().then(callback);
}

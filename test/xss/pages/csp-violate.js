/* global document */
// TEST-ONLY: assigns a string to innerHTML, which `require-trusted-types-for 'script'` must refuse.
try {
  document.getElementById('root').innerHTML = '<b>not allowed under Trusted Types</b>';
} catch {
  // The refusal throws a TypeError; the violation event and the report are what the test reads.
}
document.documentElement.dataset.ready = 'true';

// Where the SDK tests find the running Mantle emulator, and the small helpers they share.
// Not a test file itself: run-against-emulator.sh starts `mantle-emulator` and sets
// MANTLE_EMULATOR_URL (its root, e.g. http://127.0.0.1:PORT) before `node --test *.test.mjs`.

import assert from 'node:assert/strict';

/** The emulator's API key (docs/emulator.md, "Credentials"). */
export const kApiKey = 'mantle-emulator-key';

/** The emulator's root URL, without a trailing slash; throws when the runner did not set it. */
export function emulatorRoot() {
  const root = process.env.MANTLE_EMULATOR_URL;
  if (!root) {
    throw new Error(
      'MANTLE_EMULATOR_URL is not set: run tests/sdk/run-against-emulator.sh PATH/TO/mantle-emulator');
  }
  return root.replace(/\/+$/, '');
}

/** The header that asks the emulator for faults on one request, as SDK request options. */
export function withFault(fault) {
  return { headers: { 'x-emulator-fault': fault } };
}

/** Awaits `promise`, asserts it rejects with an instance of `errorClass`, and returns the error. */
export async function rejection(promise, errorClass) {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof errorClass,
      `expected ${errorClass.name}, got ${error?.constructor?.name}: ${error?.message}`);
    return error;
  }
  assert.fail(`expected ${errorClass.name}, but the call succeeded`);
}

/** Asserts that `value` (parsed JSON) is an object with these keys and `check` of each. */
export function assertFields(value, checks) {
  assert.equal(typeof value, 'object');
  assert.notEqual(value, null);
  for (const [key, check] of Object.entries(checks)) {
    assert.ok(Object.hasOwn(value, key), `missing "${key}" in ${JSON.stringify(value)}`);
    assert.ok(check(value[key]), `"${key}" fails its check: ${JSON.stringify(value[key])}`);
  }
}

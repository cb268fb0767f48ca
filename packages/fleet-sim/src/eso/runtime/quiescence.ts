/*
 * "Nothing in flight": no simulated ESO client waits on Vault and pending promise callbacks have
 * run. Warping simulated time (fleet history, tests) waits for this between timers so every
 * reconcile finishes its I/O before the clock jumps again.
 */
import { vaultRequestsInFlight } from '../vault/VaultApiClient';

export async function flushImmediates(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++)
    await new Promise<void>(resolve => setImmediate(resolve));
}

export async function waitForQuiescence(): Promise<void> {
  for (let quiet = 0; quiet < 3; ) {
    await flushImmediates(5);
    if (vaultRequestsInFlight() > 0) {
      quiet = 0;
      await new Promise(resolve => setTimeout(resolve, 1));
    } else {
      quiet++;
    }
  }
}

import type { RotationPolicyContext } from '@secrets-plugin/plugin-secrets-node';
import { changeTicketRule } from './changeTicketRule';

const context = (environments: string[], reason: string) =>
  ({
    plan: { environments },
    request: { kind: 'rotation', reason },
  } as unknown as RotationPolicyContext);

describe('changeTicketRule', () => {
  it.each([
    [['prod'], 'rotate for CHG-1234', 'allow', 'change ticket CHG-1234'],
    [['dev', 'prod'], 'quarterly rotation', 'warn', /names no change ticket/],
    [
      ['dev'],
      'quarterly rotation',
      'allow',
      'no production cluster is affected',
    ],
  ])('%j %j → %s', async (envs, reason, outcome, message) => {
    const verdict = await changeTicketRule.evaluate(context(envs, reason));
    expect(verdict.outcome).toBe(outcome);
    expect(verdict.message).toMatch(message);
  });
});

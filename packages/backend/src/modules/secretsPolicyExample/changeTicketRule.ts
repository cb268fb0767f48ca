import type { RotationPolicyRule } from '@secrets-plugin/plugin-secrets-node';

/** e.g. `CHG-1234`, `OPS-88`: a ticket key in the reason. */
const TICKET = /\b[A-Z][A-Z0-9]+-\d+\b/;

/**
 * An example of a rule added from outside the plugin: a production rotation should name its
 * change ticket. It warns rather than denies, so the dry run shows it and the requester
 * acknowledges it; an organisation that requires tickets would deny.
 */
export const changeTicketRule: RotationPolicyRule = {
  id: 'change-ticket',
  title: 'A production rotation names its change ticket',
  evaluate({ plan, request }) {
    if (!plan.environments.includes('prod'))
      return { outcome: 'allow', message: 'no production cluster is affected' };
    const ticket = TICKET.exec(request.reason)?.[0];
    return ticket
      ? { outcome: 'allow', message: `change ticket ${ticket}` }
      : {
          outcome: 'warn',
          message:
            'the reason names no change ticket (e.g. CHG-1234); production changes should have one',
        };
  },
};

import { LazyTooltip } from './LazyTooltip';
import { RowText } from './RowText';
import type { TakesEffect } from '@secrets-plugin/plugin-secrets-common';
import { describeTakesEffect } from '../../lib/takesEffect';
import { formatExact } from '../../lib/time';

/** When a change in Vault reaches the Secret, as the backend decided it; the why on hover. */
export function TakesEffectCell(props: {
  takesEffect: TakesEffect;
  now: number;
}) {
  const { takesEffect } = props;
  const text = describeTakesEffect(takesEffect, props.now);
  const title = takesEffect.at
    ? `${text.detail} (${formatExact(takesEffect.at)})`
    : text.detail;
  return (
    <LazyTooltip title={title}>
      <RowText variant="body2" tabIndex={0} noWrap>
        {text.label}
      </RowText>
    </LazyTooltip>
  );
}

import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { secretsEntityReadPermission } from '@secrets-plugin/plugin-secrets-common';

/** Props of {@link SecretsRefusal}. */
export interface SecretsRefusalProps {
  entity: Entity;
  /** One line for the overview card; the tab gets the full explanation. */
  compact?: boolean;
}

function Owner(props: { entity: Entity }) {
  const owner = props.entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) return <>its owner</>;
  return (
    <EntityRefLink
      entityRef={owner}
      defaultKind="group"
      defaultNamespace={props.entity.metadata.namespace}
    />
  );
}

/**
 * Why the user sees no secrets: the permission they lack, who owns the entity and whom to ask.
 * Shown when `secrets.entity.read` is denied, and for the backend's 403/404 (which does not say
 * whether the entity exists), never as a stack trace.
 */
export function SecretsRefusal(props: SecretsRefusalProps) {
  const { entity } = props;
  const ref = stringifyEntityRef(entity);
  const permission = <strong>{secretsEntityReadPermission.name}</strong>;
  if (props.compact) {
    return (
      <Typography variant="body2" role="status">
        You may not read the secrets of this {entity.kind.toLowerCase()} (
        {permission}); it is owned by <Owner entity={entity} />.
      </Typography>
    );
  }
  return (
    <Alert severity="info" role="status">
      <AlertTitle>You may not read the secrets of {ref}</AlertTitle>
      <Box display="grid" gridGap={4}>
        <Typography variant="body2">
          Seeing its ExternalSecrets, stores and their causes needs the{' '}
          {permission} permission on this {entity.kind.toLowerCase()}, which you
          do not have.
        </Typography>
        <Typography variant="body2">
          It is owned by <Owner entity={entity} />. Ask a member of that team to
          look for you, or ask your platform team to grant you {permission} for
          it.
        </Typography>
      </Box>
    </Alert>
  );
}

import { useState } from 'react';
import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import type { FleetRotation } from '@secrets-plugin/plugin-secrets-common';
import { useFleetRotations } from '../../hooks/useFleetRotations';
import { RotationDetailDialog } from '../RotationDetail';
import { fleetKeyLabel, FleetRotationsTable } from './FleetRotationsTable';

/**
 * Rotations in flight across the fleet, and those that failed in the last day (failed, partially
 * failed, interrupted), as far as the user may see them: everything with `secrets.fleet.read`,
 * the rotations of their own entities otherwise (the backend decides, like the rest of the page).
 */
export function FleetRotations(props: { now: number }) {
  const rotations = useFleetRotations();
  const [open, setOpen] = useState<FleetRotation>();
  return (
    <InfoCard title="Rotations">
      {rotations.isPending && (
        <LinearProgress aria-label="Loading the fleet's rotations" />
      )}
      {rotations.isError && <ResponseErrorPanel error={rotations.error} />}
      {rotations.data && (
        <Box display="grid" gridGap={16}>
          <Box>
            <Typography variant="subtitle1" component="h3">
              In flight ({rotations.data.inFlight.length})
            </Typography>
            {rotations.data.inFlight.length === 0 ? (
              <Typography variant="body2" color="textSecondary">
                No rotation is running.
              </Typography>
            ) : (
              <FleetRotationsTable
                label="Rotations in flight"
                items={rotations.data.inFlight}
                now={props.now}
                onOpen={setOpen}
              />
            )}
          </Box>
          <Box>
            <Typography variant="subtitle1" component="h3">
              Failed in the last day ({rotations.data.failed.length})
            </Typography>
            {rotations.data.failed.length === 0 ? (
              <Typography variant="body2" color="textSecondary">
                No rotation failed in the last day.
              </Typography>
            ) : (
              <FleetRotationsTable
                label="Rotations failed in the last day"
                items={rotations.data.failed}
                now={props.now}
                onOpen={setOpen}
              />
            )}
          </Box>
        </Box>
      )}
      {open && (
        <RotationDetailDialog
          rotationId={open.id}
          title={`Rotation of ${fleetKeyLabel(open)} (${open.entityRef})`}
          onClose={() => setOpen(undefined)}
        />
      )}
    </InfoCard>
  );
}

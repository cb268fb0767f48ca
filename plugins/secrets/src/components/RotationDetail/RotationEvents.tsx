import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import type { RotationDetail } from '@secrets-plugin/plugin-secrets-common';
import { formatSeconds } from './formatSeconds';

/** The rotation's own log: requested, approved, written, each cluster's end, errors. */
export function RotationEvents(props: { events: RotationDetail['events'] }) {
  if (props.events.length === 0) return null;
  return (
    <Table size="small" aria-label="Events of the rotation">
      <TableHead>
        <TableRow>
          <TableCell>Time</TableCell>
          <TableCell>Cluster</TableCell>
          <TableCell>Event</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.events.map((e, i) => (
          <TableRow key={`${e.at}-${i}`}>
            <TableCell>{formatSeconds(e.at)}</TableCell>
            <TableCell>{e.cluster ?? ''}</TableCell>
            <TableCell>{e.message}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

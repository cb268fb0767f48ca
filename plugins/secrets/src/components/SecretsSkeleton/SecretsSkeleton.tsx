import Box from '@material-ui/core/Box';
import Skeleton from '@material-ui/lab/Skeleton';

/** Placeholder rows while the first answer loads; the layout does not jump when it arrives. */
export function SecretsSkeleton() {
  return (
    <Box role="progressbar" aria-label="Loading secrets" aria-busy="true">
      <Skeleton variant="rect" height={48} />
      {[0, 1, 2, 3].map(i => (
        <Skeleton key={i} variant="text" height={36} />
      ))}
    </Box>
  );
}

import { makeStyles } from '@material-ui/core/styles';

/**
 * Undoes the Backstage theme's `word-break: break-word` on table cells, which lets a narrow
 * column break words mid-word ("Cluste r"): words wrap only at spaces and hyphens, short columns
 * stay on one line, and only a single token longer than a whole line (a URL in a cause) may break.
 */
export const useTableStyles = makeStyles(
  theme => ({
    table: {
      '& th, & td': {
        wordBreak: 'normal',
        overflowWrap: 'normal',
        // the theme's 12px/20px padding on seven columns costs a 1024 px screen a whole column;
        // at 8px a side the entity tab's last column was still pushed out of its card
        padding: theme.spacing(1, 0.75),
      },
      '& th': { whiteSpace: 'nowrap' },
    },
    nowrap: { whiteSpace: 'nowrap' },
    /** A full-width line under a row (a cause): long tokens may break, words do not. */
    detail: { overflowWrap: 'anywhere', wordBreak: 'normal' },
    /** Wide tables scroll inside their card rather than crushing columns. */
    scroll: { overflowX: 'auto' },
    even: { backgroundColor: theme.palette.background.paper },
    odd: { backgroundColor: theme.palette.background.default },
    /** The row the overview card linked to. */
    highlighted: {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: -2,
    },
  }),
  { name: 'SecretsTable' },
);

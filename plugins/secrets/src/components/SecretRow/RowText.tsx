import {
  createContext,
  type HTMLAttributes,
  type ReactNode,
  useContext,
} from 'react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

/** The few Typography styles a row's cells use, from the same theme values as MUI's. */
const useRowTextStyles = makeStyles(
  theme => ({
    root: { margin: 0 },
    body2: theme.typography.body2,
    caption: theme.typography.caption,
    noWrap: {
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      whiteSpace: 'nowrap',
    },
    textPrimary: { color: theme.palette.text.primary },
    textSecondary: { color: theme.palette.text.secondary },
    error: { color: theme.palette.error.main },
    block: { display: 'block' },
  }),
  { name: 'SecretsRowText' },
);

type RowTextClasses = ReturnType<typeof useRowTextStyles>;
const RowTextContext = createContext<RowTextClasses | undefined>(undefined);

/** Styles once for every row of a table: rows read them with a context read, not a styles hook. */
export function RowTextProvider(props: { children: ReactNode }) {
  const classes = useRowTextStyles();
  return (
    <RowTextContext.Provider value={classes}>
      {props.children}
    </RowTextContext.Provider>
  );
}

/** Props of {@link RowText}: the subset of Typography's the rows use. */
export interface RowTextProps extends HTMLAttributes<HTMLElement> {
  variant: 'body2' | 'caption';
  color?: 'textPrimary' | 'textSecondary' | 'error';
  display?: 'block';
  noWrap?: boolean;
  component?: 'p' | 'span' | 'div';
}

/**
 * Typography for a row's cells, looking the same (MUI's element per variant, its styles from the
 * theme) without the two components and styles hook each Typography is: a row has about ten,
 * and on a 500-row tab they were a large share of every mount. Outside a RowTextProvider (a
 * cell reused on another page) it is MUI's Typography.
 */
export function RowText(props: RowTextProps) {
  const classes = useContext(RowTextContext);
  const { variant, color, display, noWrap, component, className, ...rest } =
    props;
  if (!classes) return <Typography {...props} />;
  const Element = component ?? (variant === 'body2' ? 'p' : 'span');
  const names = [
    classes.root,
    classes[variant],
    color && classes[color],
    noWrap && classes.noWrap,
    display && classes.block,
    className,
  ];
  return <Element className={names.filter(Boolean).join(' ')} {...rest} />;
}

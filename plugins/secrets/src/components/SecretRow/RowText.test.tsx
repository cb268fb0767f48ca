import { render, screen } from '@testing-library/react';
import Typography from '@material-ui/core/Typography';
import { ThemeProvider } from '@material-ui/core/styles';
import { lightTheme } from '@backstage/theme';
import { RowText, RowTextProvider, type RowTextProps } from './RowText';

const cases: Array<Omit<RowTextProps, 'children'>> = [
  { variant: 'body2' },
  { variant: 'body2', noWrap: true },
  { variant: 'caption', color: 'textSecondary', display: 'block' },
  { variant: 'caption', color: 'error', display: 'block' },
  { variant: 'caption', color: 'textPrimary' },
  { variant: 'body2', color: 'textSecondary', component: 'div' },
];
const looks = [
  'margin',
  'font-size',
  'font-weight',
  'line-height',
  'letter-spacing',
  'color',
  'display',
  'white-space',
  'overflow',
  'text-overflow',
];

describe('RowText', () => {
  it.each(cases)('looks like Typography %o in a row', props => {
    render(
      <ThemeProvider theme={lightTheme}>
        <Typography {...props}>mui</Typography>
        <RowTextProvider>
          <RowText {...props}>row</RowText>
        </RowTextProvider>
      </ThemeProvider>,
    );
    const mui = screen.getByText('mui');
    const row = screen.getByText('row');
    expect(row.tagName).toBe(mui.tagName);
    const style = (e: HTMLElement) => {
      const s = getComputedStyle(e);
      return Object.fromEntries(looks.map(p => [p, s.getPropertyValue(p)]));
    };
    expect(style(row)).toEqual(style(mui));
    expect(row.className).not.toMatch(/MuiTypography/);
  });

  it('is MUI Typography outside a row table, with the props it was given', () => {
    render(
      <RowText variant="caption" color="error" tabIndex={0} title="why">
        cause
      </RowText>,
    );
    const text = screen.getByText('cause');
    expect(text).toHaveClass(
      'MuiTypography-caption',
      'MuiTypography-colorError',
    );
    expect(text).toHaveAttribute('title', 'why');
    expect(text).toHaveAttribute('tabindex', '0');
  });
});

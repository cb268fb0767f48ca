import {
  cloneElement,
  type FocusEvent,
  type MouseEvent,
  type ReactElement,
  type ReactNode,
  type TouchEvent,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import Tooltip from '@material-ui/core/Tooltip';
import { useForkRef, useIsFocusVisible } from '@material-ui/core/utils';

// MUI's Tooltip defaults, so the lazy one behaves like the one it replaces.
const ENTER_DELAY_MS = 100;
const ENTER_TOUCH_DELAY_MS = 700;
const LEAVE_TOUCH_DELAY_MS = 1500;

/** Props of {@link LazyTooltip}. */
export interface LazyTooltipProps {
  title: NonNullable<ReactNode>;
  children: ReactElement;
}

/**
 * MUI's Tooltip, mounted the first time its child is hovered, focused from the keyboard or
 * long-pressed. A row has half a dozen tooltips, and a 500-row tab was mounting (and on every
 * filter change re-mounting) thousands of Tooltip and Popper instances nobody pointed at.
 * Until it opens, the child carries what a closed MUI Tooltip gives it (the `title` attribute),
 * and the child is never re-mounted: the Tooltip is added next to it, anchored to it, so focus
 * and the hovered node survive the first opening.
 */
export function LazyTooltip(props: LazyTooltipProps) {
  const { title, children } = props;
  const [mounted, setMounted] = useState(false);
  const [open, setOpen] = useState(false);
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const id = useId();
  const focus = useIsFocusVisible();
  const ref = useForkRef(
    useForkRef(setAnchor, focus.ref),
    (children as { ref?: React.Ref<unknown> }).ref ?? null,
  );
  const popperProps = useMemo(() => ({ anchorEl: anchor }), [anchor]);

  const later = (fn: () => void, ms: number) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(fn, ms);
  };
  const show = () => {
    clearTimeout(timer.current);
    setMounted(true);
    setOpen(true);
  };
  const hide = () => {
    clearTimeout(timer.current);
    setOpen(false);
  };

  const own = children.props;
  const child = cloneElement(children, {
    ref,
    title: !open && typeof title === 'string' ? title : undefined,
    'aria-describedby': open ? id : own['aria-describedby'],
    onMouseOver: (event: MouseEvent) => {
      own.onMouseOver?.(event);
      if (!open) later(show, ENTER_DELAY_MS);
    },
    onMouseLeave: (event: MouseEvent) => {
      own.onMouseLeave?.(event);
      hide();
    },
    onFocus: (event: FocusEvent) => {
      own.onFocus?.(event);
      if (focus.isFocusVisible(event)) show();
    },
    onBlur: (event: FocusEvent) => {
      own.onBlur?.(event);
      focus.onBlurVisible();
      hide();
    },
    onTouchStart: (event: TouchEvent) => {
      own.onTouchStart?.(event);
      later(show, ENTER_TOUCH_DELAY_MS);
    },
    onTouchEnd: (event: TouchEvent) => {
      own.onTouchEnd?.(event);
      later(() => setOpen(false), LEAVE_TOUCH_DELAY_MS);
    },
  });
  return (
    <>
      {child}
      {mounted && (
        <Tooltip
          title={title}
          open={open}
          id={id}
          PopperProps={popperProps}
          disableHoverListener
          disableFocusListener
          disableTouchListener
        >
          {/* MUI needs a child to clone; the popper is anchored to the real one */}
          <span hidden />
        </Tooltip>
      )}
    </>
  );
}

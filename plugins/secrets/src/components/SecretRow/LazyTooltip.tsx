import {
  cloneElement,
  type FocusEvent,
  type MouseEvent,
  type ReactElement,
  type ReactNode,
  type TouchEvent,
  useEffect,
  useRef,
  useState,
} from 'react';
import Tooltip from '@material-ui/core/Tooltip';

// MUI's Tooltip defaults, so the lazy one behaves like the one it replaces.
const ENTER_DELAY_MS = 100;
const ENTER_TOUCH_DELAY_MS = 700;
const LEAVE_TOUCH_DELAY_MS = 1500;

let lastId = 0;

/** Props of {@link LazyTooltip}. */
export interface LazyTooltipProps {
  title: NonNullable<ReactNode>;
  children: ReactElement;
}

/** Keyboard focus, as MUI's useIsFocusVisible asks the browser first. */
function focusVisible(target: Element): boolean {
  try {
    return target.matches(':focus-visible');
  } catch {
    return false;
  }
}

interface Shown {
  /** The child's node: the Tooltip is anchored to it. */
  anchor: HTMLElement;
  id: string;
  open: boolean;
}

/**
 * MUI's Tooltip, mounted the first time its child is hovered, focused from the keyboard or
 * long-pressed. A row has half a dozen tooltips, and a 500-row tab was mounting (and on every
 * filter change re-mounting) thousands of Tooltip and Popper instances nobody pointed at; an
 * idle LazyTooltip costs three hooks. Until it opens, the child carries what a closed MUI
 * Tooltip gives it (the `title` attribute), and the child is never re-mounted: the Tooltip is
 * added next to it, anchored to it, so focus and the hovered node survive the first opening.
 */
export function LazyTooltip(props: LazyTooltipProps) {
  const { title, children } = props;
  const [shown, setShown] = useState<Shown>();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);

  const open = shown?.open ?? false;
  const toggle = (anchor: HTMLElement, next: boolean, delayMs = 0) => {
    clearTimeout(timer.current);
    const apply = () =>
      setShown(s => {
        if (s) return { ...s, anchor, open: next };
        return next
          ? { anchor, id: `secrets-tooltip-${++lastId}`, open: true }
          : undefined;
      });
    if (delayMs > 0) timer.current = setTimeout(apply, delayMs);
    else apply();
  };

  const own = children.props;
  const child = cloneElement(children, {
    title: !open && typeof title === 'string' ? title : undefined,
    'aria-describedby': open ? shown?.id : own['aria-describedby'],
    onMouseOver: (event: MouseEvent<HTMLElement>) => {
      own.onMouseOver?.(event);
      if (!open) toggle(event.currentTarget, true, ENTER_DELAY_MS);
    },
    onMouseLeave: (event: MouseEvent<HTMLElement>) => {
      own.onMouseLeave?.(event);
      toggle(event.currentTarget, false);
    },
    onFocus: (event: FocusEvent<HTMLElement>) => {
      own.onFocus?.(event);
      if (focusVisible(event.currentTarget)) toggle(event.currentTarget, true);
    },
    onBlur: (event: FocusEvent<HTMLElement>) => {
      own.onBlur?.(event);
      toggle(event.currentTarget, false);
    },
    onTouchStart: (event: TouchEvent<HTMLElement>) => {
      own.onTouchStart?.(event);
      toggle(event.currentTarget, true, ENTER_TOUCH_DELAY_MS);
    },
    onTouchEnd: (event: TouchEvent<HTMLElement>) => {
      own.onTouchEnd?.(event);
      toggle(event.currentTarget, false, LEAVE_TOUCH_DELAY_MS);
    },
  });
  return (
    <>
      {child}
      {shown && (
        <Tooltip
          title={title}
          open={shown.open}
          id={shown.id}
          PopperProps={{ anchorEl: shown.anchor }}
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

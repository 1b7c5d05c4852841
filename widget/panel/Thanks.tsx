/** Focuses the element once, when it is drawn (a stable function: Preact calls a ref again only when it changes). */
const focusOnce = (element: HTMLElement | null) => element?.focus();

/**
 * What the visitor reads once the feedback is sent (or safely queued). It takes focus, because
 * the form and its focused button are gone; it is out of the Tab order.
 */
export function Thanks({ message }: { message: string }) {
  return (
    <p class="thanks" role="status" tabIndex={-1} ref={focusOnce}>
      {message}
    </p>
  );
}

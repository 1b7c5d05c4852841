import type { ComponentChildren } from 'preact';
import type { Resource } from '../api.ts';

/** Renders a resource's loading and error states, and `children(data)` once it is ready. */
export function Loaded<T>({
  resource,
  retry,
  children,
}: {
  resource: Resource<T>;
  retry: () => void;
  children: (data: T) => ComponentChildren;
}) {
  if (resource.state === 'loading') {
    return (
      <p class="state" role="status">
        Loading…
      </p>
    );
  }
  if (resource.state === 'error') {
    return (
      <div class="state error" role="alert">
        <p>Could not load this: {resource.message}</p>
        <button type="button" onClick={retry}>
          Try again
        </button>
      </div>
    );
  }
  return <>{children(resource.data)}</>;
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="state empty">{children}</p>;
}

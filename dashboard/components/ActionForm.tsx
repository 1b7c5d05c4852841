import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { problemText } from '../api.ts';

/**
 * A form whose submit runs `action` with its FormData, disables itself meanwhile, and announces
 * the outcome: `done`'s text, or what the server found wrong.
 */
export function ActionForm({
  label,
  action,
  children,
  class: className,
}: {
  label: string;
  action: (data: FormData, form: HTMLFormElement) => Promise<string | void>;
  children: ComponentChildren;
  class?: string;
}) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  return (
    <form
      class={className}
      aria-label={label}
      onSubmit={async (event) => {
        event.preventDefault();
        const form = event.currentTarget;
        setBusy(true);
        setMessage(null);
        try {
          const done = await action(new FormData(form), form);
          if (done) setMessage({ text: done, error: false });
        } catch (error) {
          setMessage({ text: problemText(error), error: true });
        } finally {
          setBusy(false);
        }
      }}
    >
      <fieldset disabled={busy}>{children}</fieldset>
      <p class={message?.error ? 'error' : 'notice'} role={message?.error ? 'alert' : 'status'}>
        {message?.text}
      </p>
    </form>
  );
}

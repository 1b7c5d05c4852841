/** Why the form cannot go on. Always in the page, empty until needed, so screen readers announce each change. */
export function ErrorMessage({ message }: { message: string }) {
  return (
    <p class="error" role="alert">
      {message}
    </p>
  );
}

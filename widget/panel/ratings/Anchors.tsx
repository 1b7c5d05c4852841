/**
 * The words under a numbered scale's two ends ("Not at all likely" … "Extremely likely"). Hidden
 * from screen readers: the two end choices carry them in their names already.
 */
export function Anchors({ low, high }: { low: string; high: string }) {
  return (
    <div class="anchors" aria-hidden="true">
      <span>{low}</span>
      <span>{high}</span>
    </div>
  );
}

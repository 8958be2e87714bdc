/** How the bench writes durations and activity samples. */

export function ms(value: number): string {
  if (Number.isNaN(value)) return '—';
  return value < 10 ? `${value.toFixed(1)} ms` : value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(2)} s`;
}

/** `CPU 80%, Lock 15%, IO 5% of 1234`: shares of the samples, largest first. */
export function describeActivity(activity: Readonly<Record<string, number>>): string {
  const total = Object.values(activity).reduce((a, b) => a + b, 0);
  if (total === 0) return 'none';
  const parts = Object.entries(activity)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `${kind} ${Math.round((100 * n) / total)}%`);
  return `${parts.join(', ')} of ${total}`;
}

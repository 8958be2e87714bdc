/** `1 tenant`, `3 tenants`, `0 tenants`; `many` for words that do not take an s. */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

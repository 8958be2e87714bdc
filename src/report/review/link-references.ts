/**
 * Markdown reference links: `[drop-column]` in the text and `[drop-column]: <url>` once below.
 * A comment that names the same rule or the same schema line several times then carries each long
 * URL once, which is most of what keeps a review comment short.
 */
export class LinkReferences {
  readonly #urls = new Map<string, string>();

  /** `[label]`, defined as `url`; the label is Markdown text already escaped by the caller. */
  link(label: string, url: string): string {
    // Labels match case-insensitively; the first URL given for a label wins.
    const key = label.toLowerCase();
    if (!this.#urls.has(key)) this.#urls.set(key, `[${label}]: ${url}`);
    return `[${label}]`;
  }

  /** The definitions, one a line, in the order first used; '' when there are none. */
  definitions(): string {
    return [...this.#urls.values()].join('\n');
  }
}

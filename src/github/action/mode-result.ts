/** What a mode hands back to run(): the outputs, and whether the step succeeded. */
export interface ModeResult {
  readonly ok: boolean;
  /** The `result` output (JSON). */
  readonly result: unknown;
  /** The `plan` output. */
  readonly plan: string;
  /** Why the step fails, when !ok. */
  readonly failure?: string;
}

/** What the export loop needs of a file format's writer. */
export interface TableWriter {
  /** Writes what comes before the rows (xlsx: the About sheet and the header; csv: the BOM and the header). */
  start(): void;
  /** Rows in order; a row that does not fit the column model throws an ExportError. */
  write(rows: readonly Record<string, unknown>[]): void;
  /** Resolves when there is room for more (the disk keeps up); the loop waits on it between batches. */
  drained?(): Promise<void>;
  /** Writes what follows the rows and closes the file. */
  finish(): Promise<{ rows: number; sheets: number; totals: Record<string, number> }>;
  /** Closes the file as it is, without finishing it. */
  abort(): Promise<void>;
}

/**
 * A labels PDF to save: its bytes as base64 in the answer. At most MAX_LABELS_PER_FILE labels make a small file;
 * report exports, which may run to a million rows, go through the downloads store instead (report-types.ts ReportFile).
 */
export interface LabelsFile {
  fileName: string;
  mime: 'application/pdf';
  base64: string;
  labels: number;
  pages: number;
}

/** A labels PDF to save: its bytes as base64, as report exports come. */
export interface LabelsFile {
  fileName: string;
  mime: 'application/pdf';
  base64: string;
  labels: number;
  pages: number;
}

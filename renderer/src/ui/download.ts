import { api } from '../api/client';

/**
 * Saves a file the core made. A report's export waits in the core's downloads store and is fetched by its id (no
 * bytes in the API's answer); a labels PDF is small and still comes as base64, saved as a browser downloads one.
 */
export async function download(
  file: { fileName: string; mime: string; base64: string } | { fileName: string; downloadId: string },
): Promise<void> {
  if ('downloadId' in file) return api.saveDownload(file);
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Where a receipt printer may be written: a device, never a file. The printer's path comes from settings.set, and the
 * server would otherwise write (and create) whatever file it may write: the database, a config, /etc/... A device is
 * a serial port or a USB printer (a character device under /dev, reached directly or through a link such as
 * /dev/serial/by-id/... or a socat PTY link) or a named pipe (a FIFO: a print spooler or a test reading it); on
 * Windows a COM port or a \\.\pipe\ name. Checked at settings.set and again each time the printer is opened.
 */
import { realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { CounterSettings } from '../contract/types';
import { fail } from '../errors';

/** Serial ports (ttyS, ttyUSB, ttyACM, ttyAMA, macOS tty.* and cu.*, PTYs) and USB/parallel printers. */
const POSIX_DEVICE = /^\/dev\/(tty[\w.-]*|cu\.[\w.-]+|pts\/\d+|usb\/lp\d+|lp\d+|usblp\d+|rfcomm\d+)$/;
const WINDOWS_DEVICE = /^(\\\\\.\\)?COM\d{1,3}$/i;
const WINDOWS_PIPE = /^\\\\\.\\pipe\\[^\\/:*?"<>|]+$/i;

const kindOf = (st: Stats): string =>
  st.isFile()
    ? 'a regular file'
    : st.isDirectory()
      ? 'a directory'
      : st.isBlockDevice()
        ? 'a disk'
        : st.isSocket()
          ? 'a socket'
          : 'not a printer or serial port';

/** Why `p` is not a printer device, or null when it is one. */
export function devicePathProblem(p: string, platform: NodeJS.Platform = process.platform): string | null {
  if (platform === 'win32') {
    return WINDOWS_DEVICE.test(p) || WINDOWS_PIPE.test(p) ? null : `${p} is not a serial port (COM3) or a named pipe (\\\\.\\pipe\\name)`;
  }
  if (!path.isAbsolute(p)) return `${p} is not a device path (a serial port or printer under /dev, or a named pipe)`;
  let real: string;
  let st: Stats;
  try {
    real = realpathSync(p);
    st = statSync(real);
  } catch {
    return `there is no device at ${p} (is the printer plugged in?)`;
  }
  if (st.isFIFO()) return null;
  if (st.isCharacterDevice() && POSIX_DEVICE.test(real)) return null;
  const what = st.isCharacterDevice() ? 'a device that is not a printer or serial port' : kindOf(st);
  return `${p}${real !== p ? ` (${real})` : ''} is ${what}: a printer is a serial port or printer under /dev, or a named pipe`;
}

/** settings.set: a serial or device-file printer needs a path that is a device. */
export function checkPrinterDevice(printer: CounterSettings['printer']): void {
  if (printer.transport !== 'serial' && printer.transport !== 'file') return;
  if (!printer.path)
    return fail(
      'validation',
      `a ${printer.transport === 'serial' ? 'serial printer needs a port path' : 'printer device file needs a path'}`,
    );
  const problem = devicePathProblem(printer.path);
  if (problem) fail('validation', `printer: ${problem}`);
}

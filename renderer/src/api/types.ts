// The renderer's window onto the core: the contract's types (its zod schemas are imported where a form validates).
import type { ApiEvent, ApiInput, ApiOutput, ErrorCode, Method, Result } from '../../../core/contract/api';

export type { ApiEvent, ApiInput, ApiOutput, ErrorCode, Method, Result };
export type {
  BackupInfo,
  Doc,
  DocLine,
  DocStatus,
  DocSummary,
  DocType,
  LoginResult,
  Me,
  PageCursor,
  PostResult,
  Product,
  ScanResult,
  StockRow,
  SystemInfo,
  Unit,
  UserSummary,
  WriteoffReason,
} from '../../../core/contract/api';
export type { Permission, PeriodLock, ReportFile, ReportTable } from '../../../core/contract/api';
export type * from '../../../core/contract/pricelist-types';
export type * from '../../../core/contract/store-types';
export type {
  Cart,
  CartLine,
  CartSummary,
  Customer,
  LossReport,
  LossRow,
  PaymentMethod,
  PrinterState,
  PrinterStatus,
  ReceiptForReturn,
  ReceiptPreview,
  ReturnableLine,
  Shift,
  ShiftReport,
  StockShortage,
  TaxLine,
} from '../../../core/contract/api';

/** A manager's PIN for one action the signed-in user may not do alone. */
export interface Approval {
  userId: number;
  pin: string;
}

/** Failures the transport itself produces, on top of the core's codes. */
export type ClientErrorCode = ErrorCode | 'network';

export type Listener = (e: ApiEvent) => void;

/** What the Electron preload exposes as `window.api`, and what the HTTP transport mimics. */
export interface Transport {
  call(method: string, input: unknown): Promise<Result<unknown>>;
  on(listener: Listener): (() => void) | void;
  /** Browser mode: sends a file the page holds for import (POST /api/upload). */
  upload?(file: File): Promise<Result<UploadedFile>>;
  /** Desktop: the shell's own open dialog; the chosen file goes to the core, the page gets its token. */
  pickFile?(): Promise<Result<UploadedFile>>;
  /**
   * Saves an exported file waiting in the core's downloads store: browser mode follows GET /download/<id> (the
   * browser streams it to disk), the desktop opens the shell's save dialog and the shell copies it there.
   */
  download?(file: { downloadId: string; fileName: string }): Promise<Result<unknown>> | void;
}

/** A file in the core's upload store: later calls name it by token. */
export interface UploadedFile {
  token: string;
  name: string;
  size: number;
}

declare global {
  interface Window {
    api?: Transport;
  }
}

import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { api } from '../api/client';
import { listenForWedgeScans } from './listen';

export type ScanSource = 'wedge' | 'serial';
/** May return the scan's work: a wedge scan's field is put back once it settles (see listen.ts). */
export type ScanHandler = (code: string, source: ScanSource) => void | Promise<unknown>;

interface Registry {
  register(h: ScanHandler): () => void;
}

const ScanContext = createContext<Registry | null>(null);

/**
 * One place where scans arrive: keyboard-wedge bursts caught on the window and the serial scanner's 'scanner.scan'
 * events. The most recently mounted handler (the screen in front) gets each code; with none, wedge keys are left alone.
 */
export function ScanProvider({ children }: { children: ReactNode }) {
  const handlers = useRef<ScanHandler[]>([]);
  const [registry] = useState<Registry>(() => ({
    register(h) {
      handlers.current.push(h);
      return () => {
        handlers.current = handlers.current.filter((x) => x !== h);
      };
    },
  }));

  useEffect(() => {
    const route = (code: string, source: ScanSource) => handlers.current.at(-1)?.(code, source);
    const offWedge = listenForWedgeScans(
      window,
      (code) => route(code, 'wedge'),
      () => handlers.current.length > 0,
    );
    const offSerial = api.on((e) => {
      if (e.type === 'scanner.scan') route(e.code, 'serial');
    });
    return () => {
      offWedge();
      offSerial();
    };
  }, []);

  return <ScanContext.Provider value={registry}>{children}</ScanContext.Provider>;
}

/** Receives scans while the calling component is mounted (the latest caller wins). */
export function useScans(handler: ScanHandler): void {
  const registry = useContext(ScanContext);
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => registry?.register((code, source) => latest.current(code, source)), [registry]);
}

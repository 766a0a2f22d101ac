// Search as you type, one way for every product search: the counter's picker and the catalog list. Every key searches
// (no Enter, no pause to wait for: the target is results painted 50 ms after the last key, and a search costs
// the core a few ms), and an answer to a search the user has typed past is dropped.
import { TextInput, type TextInputProps } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useDebouncedCallback } from '@mantine/hooks';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { request } from '../../api/client';
import type { ApiFailure } from '../../api/client';
import type { Product } from '../../api/types';

const MOVES: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 8, PageUp: -8 };

export interface SearchFieldProps extends Omit<TextInputProps, 'value' | 'onChange' | 'onKeyDown' | 'defaultValue'> {
  /** The text the field starts with (the search in effect, e.g. from the URL). */
  initial: string;
  /** The trimmed text, at every key. */
  onSearch(text: string): void;
  /** Every key (the raw text). */
  onTyping?(text: string): void;
  /** Arrow and page keys: move the highlight in the results by this many rows. */
  onMove?(step: number): void;
  onEnter?(): void;
}

/** A text field that searches as the user types and keeps the keyboard on the results (arrows, pages, Enter). */
export function SearchField({ initial, onSearch, onTyping, onMove, onEnter, ...rest }: SearchFieldProps) {
  const [text, setText] = useState(initial);
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const step = MOVES[e.key];
    if (step !== undefined && onMove) onMove(step);
    else if (e.key === 'Enter' && onEnter) onEnter();
    else return;
    e.preventDefault();
  };
  return (
    <TextInput
      autoComplete="off"
      {...rest}
      value={text}
      onKeyDown={onKeyDown}
      onChange={(e) => {
        const v = e.currentTarget.value;
        setText(v);
        onTyping?.(v);
        onSearch(v.trim());
      }}
    />
  );
}

/**
 * A search whose text also lives in the URL (a link to it, the back button): the text searches at every key, the URL
 * follows once typing pauses (a navigation at every key cost each key ~10 ms of the page's time). A change of the URL
 * from elsewhere (a link, the back button) replaces the text; `fieldKey` remounts the field to show it.
 */
export function useUrlSearchText(inUrl: string, write: (text: string) => void, pauseMs = 300) {
  const [text, setText] = useState(inUrl);
  const [fieldKey, setFieldKey] = useState(0);
  const wrote = useRef(inUrl);
  const writeLater = useDebouncedCallback((q: string) => {
    wrote.current = q;
    write(q);
  }, pauseMs);
  const show = (q: string) => {
    writeLater.cancel();
    wrote.current = q;
    setText(q);
    setFieldKey((k) => k + 1);
  };
  useEffect(() => {
    if (inUrl !== wrote.current) show(inUrl);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new value in the URL is news here.
  }, [inUrl]);
  return {
    text,
    fieldKey,
    onSearch: (q: string) => {
      setText(q);
      writeLater(q);
    },
    /** Empties the field and forgets a write still waiting (the screen clears its URL itself). */
    clear: () => show(''),
  };
}

/** Rejects as soon as the signal aborts: react-query aborts a query nobody waits for any more (the user typed on). */
function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(new DOMException('a newer search replaced this one', 'AbortError'));
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

/** The counter's product search (name words, SKU or barcode start) for what SearchField settled on. */
export function useProductSearch(q: string, limit: number) {
  return useQuery<Product[], ApiFailure>({
    queryKey: ['catalog.search', { q, limit }],
    queryFn: ({ signal }) => abortable(request('catalog.search', { q, limit }), signal),
    placeholderData: (prev) => prev,
    staleTime: 30_000,
  });
}

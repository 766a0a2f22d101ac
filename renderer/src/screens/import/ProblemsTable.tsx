// Every bad row of a dry run, as many as there are (a bad export can have thousands): only the rows in view render.
import { Paper, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { PriceListProblem } from '../../api/types';

const ROW = 34;

export function ProblemsTable({ problems }: { problems: PriceListProblem[] }) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler in this build; the virtualizer re-renders its host itself.
  const virtual = useVirtualizer({
    count: problems.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW,
    overscan: 10,
  });
  if (!problems.length)
    return (
      <Text c="teal" data-testid="import-no-problems">
        {t('pricelists.noBadRows')}
      </Text>
    );
  const grid = { display: 'grid', gridTemplateColumns: '5rem minmax(8rem, 1fr) minmax(10rem, 2fr)', gap: '1rem', padding: '0 1rem' };
  // One table: the header row and the scrolled rows are its row groups, so a screen reader reads them as one.
  return (
    <Paper withBorder role="table" aria-label={t('pricelists.badRows')} aria-rowcount={problems.length + 1}>
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} style={{ ...grid, fontWeight: 600, lineHeight: `${ROW}px` }}>
          <span role="columnheader">{t('pricelists.row')}</span>
          <span role="columnheader">{t('pricelists.column')}</span>
          <span role="columnheader">{t('pricelists.reason')}</span>
        </div>
      </div>
      <div
        ref={scrollRef}
        role="rowgroup"
        tabIndex={0}
        data-testid="import-problems"
        data-count={problems.length}
        style={{ height: Math.min(320, problems.length * ROW), overflowY: 'auto', position: 'relative' }}
      >
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((item) => {
            const p = problems[item.index]!;
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                data-testid="import-problem"
                data-row={p.row}
                data-code={p.code}
                style={{
                  ...grid,
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  height: ROW,
                  alignItems: 'center',
                  transform: `translateY(${item.start}px)`,
                }}
              >
                <span role="cell">{p.row}</span>
                <span role="cell">{p.column}</span>
                <span role="cell" title={p.message}>
                  {t(`pricelists.problems.${p.code}`)}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </Paper>
  );
}

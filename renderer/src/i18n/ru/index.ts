import type { Shape } from '../shape';
import type { en } from '../en';
import { admin } from './admin';
import { catalog } from './catalog';
import { common } from './common';
import { counter } from './counter';
import { reports } from './reports';
import { counts } from './counts';
import { stockdocs } from './stockdocs';
import { pricelists } from './pricelists';
import { sync } from './sync';
import { money } from './money';
import { orders } from './orders';

export const ru: Shape<typeof en> = {
  ...common,
  ...counter,
  ...admin,
  ...catalog,
  ...reports,
  ...counts,
  ...stockdocs,
  ...pricelists,
  ...sync,
  ...money,
  ...orders,
};

import type { Shape } from '../shape';
import type { en } from '../en';
import { admin } from './admin';
import { common } from './common';
import { counter } from './counter';
import { pricelists } from './pricelists';

export const ru: Shape<typeof en> = { ...common, ...counter, ...admin, ...pricelists };

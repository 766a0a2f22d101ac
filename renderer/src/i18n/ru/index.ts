import type { Shape } from '../shape';
import type { en } from '../en';
import { admin } from './admin';
import { common } from './common';
import { counter } from './counter';
import { stockdocs } from './stockdocs';

export const ru: Shape<typeof en> = { ...common, ...counter, ...admin, ...stockdocs };

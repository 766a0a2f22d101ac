import { serveReads } from '../core/reader/serve';
import { exportReads } from './export-kit';

serveReads(exportReads);

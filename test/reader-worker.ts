import { serveReads } from '../core/reader/serve';
import { testReads } from './reader-kit';

serveReads(testReads);

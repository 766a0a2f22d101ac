/** Every outbox consumer the web-store sync reads: what the panel counts as the queue and lists as dead letters. */
import type { Db } from '../../db/connection';
import type { DeadLetterRow } from '../../db/queries/outbox';
import type { OutboxConsumer } from '../outbox';
import { fulfilConsumer } from './fulfil';
import { storeConsumer } from './push';

export const storeQueues = (db: Db): OutboxConsumer[] => [storeConsumer(db), fulfilConsumer(db)];

export const storeQueueDepth = (db: Db): number => storeQueues(db).reduce((n, c) => n + c.depth(), 0);

export const storeDeadLetters = (db: Db): DeadLetterRow[] =>
  storeQueues(db)
    .flatMap((c) => c.deadLetters())
    .sort((a, b) => b.id - a.id);

import { LIMIT_MESSAGES, type OpError } from '../../shared/errors';
import type { ClientOp } from '../../shared/ops';
import { errorKey, type MessageKey } from '../i18n';

/** A refusal in words that name the rule (a vote limit, the lock), falling back to the code's message. */
export function errorToastKey(error: OpError, op?: ClientOp): MessageKey {
  const voting = op?.type === 'vote.add' || op?.type === 'vote.remove';
  if (error.code === 'locked') return 'error.locked.detail';
  if (voting && error.code === 'limit') return 'error.vote.limit';
  if (voting && error.code === 'conflict') return 'error.vote.conflict';
  if (error.code === 'limit' && error.message === LIMIT_MESSAGES.diskFull) return 'error.disk.full';
  if (error.code === 'limit' && error.message === LIMIT_MESSAGES.snapshotBudget) return 'error.snapshot.budget';
  return errorKey(error.code);
}

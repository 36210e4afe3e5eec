import { boardTag, type Log } from '../log.js';
import { BoardUnavailable } from './types.js';

/**
 * Boards whose document cannot be read, said once in the log per board (a busy join page would
 * flood it otherwise), for every store alike. `opened` forgets a board once it reads again.
 */
export class UnavailableBoards {
  private readonly reported = new Set<string>();

  constructor(private readonly log: Log) {}

  refuse(id: string, why: 'missing' | 'unreadable'): BoardUnavailable {
    if (!this.reported.has(id)) {
      this.reported.add(id);
      this.log.error(
        `a board cannot be opened: its document is ${why === 'missing' ? 'missing' : 'unreadable (moved aside)'}; ` +
          'its op log and join code are kept and nothing is written for it until the document is restored from a backup',
        { board: boardTag(id) },
      );
    }
    return new BoardUnavailable(id);
  }

  opened(id: string) {
    this.reported.delete(id);
  }
}

import { loadFacilitatorKey } from '../../net/identity';

// A custom template may be deleted with the key of the board it was saved from (T7). The list
// does not say which board that was (a board id is as good as a join link), so this browser
// remembers the templates it saved itself.

const ownerKey = (templateId: string) => `onaji:template:${templateId}`;

export function rememberTemplateOwner(templateId: string, boardId: string): void {
  try {
    localStorage.setItem(ownerKey(templateId), boardId);
  } catch {
    // Without storage the template can still be used; only deleting it from here is lost.
  }
}

export function forgetTemplateOwner(templateId: string): void {
  try {
    localStorage.removeItem(ownerKey(templateId));
  } catch {
    /* nothing to forget */
  }
}

/** The facilitator key that may delete this template, when this browser holds it. */
export function deleteKeyFor(templateId: string): string | null {
  let boardId: string | null = null;
  try {
    boardId = localStorage.getItem(ownerKey(templateId));
  } catch {
    return null;
  }
  return boardId ? loadFacilitatorKey(boardId) : null;
}

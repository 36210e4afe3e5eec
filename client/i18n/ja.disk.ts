// Strings of the server's disk: a change it could not save yet, a disk nearly full.
export const jaDisk = {
  'error.unavailable': 'サーバーが今は保存できません（ディスク満杯か、保存先につながらない可能性）。変更は残し、自動で送り直します',
  'error.disk.full': 'サーバーのディスクがほぼいっぱいのため、新しい内容を保存できません。サーバーの管理者に知らせてください',
  'error.snapshot.budget': 'このボードのチェックポイントが保存容量の上限に達しました。名前を付けたものは残るため、これ以上は保存できません',
} as const;

export type DiskKey = keyof typeof jaDisk;

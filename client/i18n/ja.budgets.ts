// What a participant is told when the server sent their connection away for falling behind (PROTOCOL BU4).
export const jaBudgets = {
  'conn.slow': '通信が遅れたため再接続中…',
} as const;

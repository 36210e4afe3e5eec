// What a participant is told when the server sent their connection away for falling behind (PROTOCOL BU4).
export const jaBudgets = {
  'conn.slow': '通信が追いつかなかったため、つなぎ直しています…',
} as const;

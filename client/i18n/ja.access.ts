// Strings of who may create on a shared server (the create key) and of join-code refusals.
export const jaAccess = {
  'access.createKeyLabel': '作成キー',
  'access.createKeyHint': 'このサーバーでボードをつくるには、サーバーの管理者から受け取った作成キーが必要です。このブラウザが覚えておきます。',
  'access.createKeyMissing': '作成キーを入力してください',
  'access.createKeyWrong': '作成キーが違います。サーバーの管理者に確かめてください',
  'access.importNeedsKey': 'JSON から復元するにも作成キーが必要です。「ボードをつくる」の作成キーの欄に正しいキーを入力してください',
  'access.codeWait': '試した回数が多すぎます。{s}秒ほど待ってから、もう一度お試しください（参加リンクや QR コードはそのまま使えます）',
} as const;

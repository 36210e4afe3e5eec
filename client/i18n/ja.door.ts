// Strings of the door: whether the code alone still lets newcomers in, and approving who waits.
export const jaDoor = {
  'door.heading': '途中からの参加',
  'door.mode': 'コードだけで入れるのは',
  'door.open': 'いつでも（コードを知っていれば誰でも）',
  'door.onStart': 'ワークショップを始めるまで（① を始めたら閉じる）',
  'door.closed': '今は閉じる（新しい人は承認かQRコードで）',
  'door.shut': '受付中: コードだけでは入れません。QRコードか承認で入れます。',
  'door.willShut': '① を始めると、コードだけでは入れなくなります。',
  'door.waitingTitle': '参加を待っている人 {n}人',
  'door.nobodyWaiting': '待っている人はいません',
  'door.copyLink': '承認なしで入れるリンクをコピー',
  'door.copyLinkTip': 'このリンク（プロジェクターのQRコードと同じ）なら、承認を待たずに入れます。会場の人にだけ渡してください。',
  'door.approve': '入ってもらう',
  'door.decline': '見送る',
  'door.approveLabel': '{name}さん（{affiliation}）に入ってもらう',
  'door.declineLabel': '{name}さん（{affiliation}）の参加を見送る',
  'door.waitedFor': '{n}分前から',
  'door.waitedJust': 'たった今',
  'wait.title': 'ファシリテーターの承認を待っています',
  'wait.body': 'いまは参加コードだけでは入れません。ファシリテーターが確認したら、このまま自動でボードに入ります。',
  'wait.noFacilitator': 'いまオンラインのファシリテーターがいません。戻ってきたら承認を頼めます。',
  'wait.cancel': 'やめる',
  'wait.declined': 'ファシリテーターが今回は参加を見送りました。会場の方に声をかけてください。',
  'wait.full': 'いまは待っている人が多すぎます。少し待ってから、会場の方に声をかけてください。',
} as const;

export type DoorKey = keyof typeof jaDoor;

// The source of truth for every string the UI shows; en.ts must match these keys.
import { jaDisk } from './ja.disk';
import { jaFacilitation } from './ja.facilitation';
import { jaDoor } from './ja.door';
import { jaArrange } from './ja.arrange';
import { jaPhone } from './ja.phone';
import { jaCanvas } from './ja.canvas';
import { jaRecords } from './ja.records';
import { jaPhase } from './ja.phase';
import { jaBudgets } from './ja.budgets';
import { jaProjector } from './ja.projector';
import { jaAccess } from './ja.access';
export const ja = {
  'app.name': 'おなじテーブル',
  'app.tagline': 'みんなで同じテーブルにつく、ライブのワークショップボード',
  'lang.toggle': 'EN',
  'lang.toggleLabel': 'Switch to English',

  'home.createHeading': 'ボードをつくる',
  'home.titleLabel': 'ボードの名前',
  'home.titlePlaceholder': '例：まちづくり協働ワークショップ',
  'home.template': 'テンプレート',
  'home.create': 'つくる',
  'home.creating': '作成中…',
  'home.joinHeading': 'コードで参加する',
  'home.codeLabel': '6桁の参加コード',
  'home.join': '参加する',
  'home.codeInvalid': '6桁の数字を入力してください',
  'home.codeNotFound': 'そのコードのボードは見つかりません',
  'home.createFailed': 'ボードを作成できませんでした',
  'home.resolving': 'コードを確認しています…',

  'join.heading': 'ボードに参加する',
  'join.headingFacilitator': 'ファシリテーターとして参加する',
  'join.name': '表示名',
  'join.namePlaceholder': '例：山田',
  'join.affiliation': '所属',
  'join.submit': '参加する',
  'join.joining': '接続しています…',
  'join.hint': 'アカウントは不要です。名前と所属だけで参加できます。',
  'join.refused': 'この参加者としては参加できません。もう一度名前を入力してください。',

  'board.notFound': 'ボードが見つかりません',
  'board.backHome': 'トップへ戻る',
  'board.code': '参加コード',
  'board.joinUrl': '参加リンク',
  'board.copy': 'コピー',
  'board.copied': 'コピーしました',
  'board.loading': '読み込み中…',
  'board.removed': 'ファシリテーターによって退出になりました',
  'board.facilitator': 'ファシリテーター',
  'board.readOnly': '表示専用',
  'board.emptyHint': 'ダブルクリック、N キー、または「ふせんを追加」で書きはじめましょう',
  'board.locked': 'ファシリテーターがボードをロックしています（閲覧のみ）',
  'board.canvasLabel': 'ボードのキャンバス（内容はリストでも読めます）',

  'conn.connecting': '接続中…',
  'conn.connected': '接続済み',
  'conn.reconnecting': '再接続中…',
  'conn.offline': 'オフライン',
  'conn.pending': '（未送信 {n} 件）',

  'tool.addNote': 'ふせんを追加',
  'tool.addNoteTip': 'ふせんを追加（N キー、または空いている所をダブルクリック）',
  'tool.delete': '削除',
  'tool.deleteTip': '選択したふせんを削除（Delete）',
  'tool.undo': '元に戻す',
  'tool.undoTip': '元に戻す（Ctrl+Z）',
  'tool.redo': 'やり直す',
  'tool.redoTip': 'やり直す（Ctrl+Shift+Z）',
  'tool.zoomIn': '拡大',
  'tool.zoomOut': '縮小',
  'tool.fitAll': '全体を表示',
  'tool.color': '色',
  'tool.colorTip': '選択したふせんの色を変える',
  'tool.list': 'リスト',
  'tool.listTip': 'ふせんを一覧で表示（スクリーンリーダー・キーボード向け）',
  'tool.select': '範囲選択',
  'tool.selectTip': 'クリックで選択、Shift+クリックで追加。Shift を押しながら空いている所をドラッグ（または範囲選択ツール）で囲んで選択。空いている所のドラッグやスペース+ドラッグで移動、ホイールで拡大縮小。',
  'tool.people': '参加者',
  'tool.bar': 'ボードの操作',

  'list.heading': 'ふせん一覧',
  'list.unsorted': '未分類',
  'list.empty': 'まだふせんがありません',
  'list.edit': '編集',
  'list.hint': '↑↓ で移動、Enter で編集、Delete で削除',
  'list.by': '{name}',
  'list.count': '{n} 枚',

  'note.editorLabel': 'ふせんの内容（Ctrl+Enter で確定、Esc で閉じる）',
  'note.empty': '（空のふせん）',

  'people.heading': '参加者',
  'people.online': 'オンライン',
  'people.offline': 'オフライン',
  'people.you': 'あなた',
  'people.facilitator': 'ファシリテーター',

  'aff.citizen': '市民',
  'aff.npo': '市民活動団体・NPO',
  'aff.community': '地縁組織',
  'aff.company': '企業',
  'aff.government': '行政',
  'aff.school': '学校',
  'aff.other': 'その他',

  'error.invalid': '送信内容が正しくありません',
  'error.not_found': '対象が見つかりません（ほかの人が削除したかもしれません）',
  'error.forbidden': 'この操作は許可されていません',
  'error.locked': 'ボードがロックされているため編集できません',
  'error.limit': '上限に達したため追加できません',
  'error.rate_limited': '操作が多すぎます。少し待ってからもう一度お試しください',
  'error.conflict': 'ほかの変更と競合したため反映できませんでした',
  'error.undoFailed': '元に戻せませんでした（ふせんが変更・削除されています）',
  'error.network': 'サーバーに接続できません',
  'error.dismiss': '閉じる',
  ...jaFacilitation,
  ...jaDoor,
  ...jaDisk,
  ...jaRecords,
  ...jaPhase,
  ...jaBudgets,
  ...jaArrange,
  ...jaProjector,
  ...jaPhone,
  ...jaCanvas,
  ...jaAccess,
} as const;

export type MessageKey = keyof typeof ja;

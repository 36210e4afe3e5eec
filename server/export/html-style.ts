/** The report's only styles: inline, system fonts, nothing fetched, laid out for A4 paper. */
export const REPORT_CSS = `
:root { --ink: #222; --muted: #666; --line: #ddd; --p: #4e79a7; --n: #f28e2b; --v: #59a14f; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 180mm; padding: 12mm 0; color: var(--ink); font: 10.5pt/1.55 "Hiragino Kaku Gothic ProN", "Hiragino Sans", "Yu Gothic", "Meiryo", "Noto Sans CJK JP", sans-serif; }
h1 { font-size: 19pt; margin: 0 0 4mm; line-height: 1.3; overflow-wrap: anywhere; }
h2 { font-size: 13pt; margin: 8mm 0 3mm; padding-bottom: 1mm; border-bottom: 2px solid var(--ink); break-after: avoid; page-break-after: avoid; overflow-wrap: anywhere; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 5mm; margin: 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 1.2mm 2mm; border-bottom: 1px solid var(--line); vertical-align: middle; }
thead th { font-size: 9pt; color: var(--muted); font-weight: normal; }
tr { break-inside: avoid; page-break-inside: avoid; }
.bar { height: 3.2mm; background: #f0f0f0; border-radius: 1mm; overflow: hidden; }
.bar span { display: block; height: 100%; }
.bar .p { background: var(--p); } .bar .n { background: var(--n); } .bar .v { background: var(--v); }
.num { font-size: 8.5pt; color: var(--muted); white-space: nowrap; }
.legend span::before { content: ""; display: inline-block; width: 3mm; height: 3mm; margin: 0 1mm 0 3mm; vertical-align: -0.4mm; border-radius: 0.6mm; }
.legend .p::before { background: var(--p); } .legend .n::before { background: var(--n); } .legend .v::before { background: var(--v); }
.prompt { color: var(--muted); margin: -1mm 0 3mm; white-space: pre-wrap; overflow-wrap: anywhere; }
ol.notes { list-style: none; margin: 0; padding: 0; }
.note { display: grid; grid-template-columns: 14mm 1fr; gap: 3mm; padding: 2.5mm 3mm; margin-bottom: 2mm; border: 1px solid var(--line); border-left: 3mm solid #fff59d; border-radius: 1mm; break-inside: avoid; page-break-inside: avoid; }
.note .place { font-weight: bold; text-align: center; color: var(--muted); }
.note.top .place { color: #fff; background: #c0392b; border-radius: 1mm; align-self: start; }
.note .text { white-space: pre-wrap; overflow-wrap: anywhere; }
.note .meta { grid-column: 2; font-size: 8.5pt; color: var(--muted); }
.empty { color: var(--muted); }
footer { margin-top: 10mm; font-size: 8.5pt; color: var(--muted); }
@page { size: A4; margin: 15mm 14mm; }
@media print { body { max-width: none; padding: 0; } }
`;

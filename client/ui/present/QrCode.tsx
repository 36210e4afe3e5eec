import { useMemo } from 'react';
import { create } from 'qrcode/lib/core/qrcode';

/** The quiet zone the QR standard asks for, in modules: scanners need the white margin. */
const QUIET = 4;

/**
 * A QR code drawn as one SVG path from the `qrcode` package's matrix: no network, no canvas,
 * sharp at any size (a wall projection or a phone held up close).
 */
export function QrCode({ text, size, testId }: { text: string; size: number | string; testId?: string }) {
  const { d, n } = useMemo(() => {
    const { modules } = create(text, { errorCorrectionLevel: 'M' });
    let path = '';
    for (let r = 0; r < modules.size; r++)
      for (let c = 0; c < modules.size; c++) if (modules.get(r, c)) path += `M${c + QUIET} ${r + QUIET}h1v1h-1z`;
    return { d: path, n: modules.size + QUIET * 2 };
  }, [text]);
  return (
    <svg className="qr" data-testid={testId} data-text={text} viewBox={`0 0 ${n} ${n}`} width={size} height={size} shapeRendering="crispEdges" role="img" aria-label={text}>
      <rect width={n} height={n} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}

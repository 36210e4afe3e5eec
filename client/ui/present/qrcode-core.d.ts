// The QR matrix alone, without the package's canvas and SVG renderers (the page draws its own SVG).
declare module 'qrcode/lib/core/qrcode' {
  export { create } from 'qrcode';
}

/** QR codes of a touchpoint's absolute URL, with the qrcode package. */
import QRCode from 'qrcode';

export function touchpointUrl(publicBaseUrl: string, code: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/t/${code}`;
}

/** Error correction M: survives a scuffed bib or a glossy badge, still a small code. */
const OPTS = { errorCorrectionLevel: 'M' as const, margin: 2 };

export async function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { ...OPTS, type: 'svg' });
}

export async function qrPng(url: string, width = 512): Promise<Buffer> {
  return QRCode.toBuffer(url, { ...OPTS, type: 'png', width });
}

/** A QR code drawn with block characters, for `mirrorcard qr` and the demo banner. */
export async function qrTerminal(url: string): Promise<string> {
  return QRCode.toString(url, { ...OPTS, type: 'terminal', small: true });
}

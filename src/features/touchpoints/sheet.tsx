/** @jsxImportSource hono/jsx */
import type { Locale } from '../../lib/i18n.ts';
import type { TouchpointListItem } from './store.ts';

export interface SheetCard extends TouchpointListItem {
  url: string;
  svg: string;
}

const SHEET_CSS = `
*{box-sizing:border-box}body{margin:0;font:14px/1.4 system-ui,"Apple SD Gothic Neo","Malgun Gothic","Noto Sans KR",sans-serif;color:#111}
h1{font-size:18px;margin:16px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(62mm,1fr));gap:6mm;padding:0 16px 16px}
.card{border:1px dashed #888;border-radius:4mm;padding:5mm;text-align:center;break-inside:avoid;page-break-inside:avoid}
.card svg{width:42mm;height:42mm;display:block;margin:0 auto}
.name{font-weight:700;font-size:16px;margin-top:2mm}.who{font-size:14px}.url{font-family:ui-monospace,monospace;font-size:9px;word-break:break-all;color:#333;margin-top:2mm}
.cta{font-size:12px;margin:0 0 2mm}
@media print{h1{display:none}.grid{padding:0}@page{margin:10mm}}
`;

/** A printable sheet: one card per active touchpoint with its name, employee, QR and short URL. */
export function SheetPage(props: { orgName: string; cards: SheetCard[]; locale: Locale }) {
  const cta = props.locale === 'ko' ? '스캔하고 의견을 남겨 주세요' : 'Scan to tell us how we did';
  return (
    <html lang={props.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.orgName} · QR`}</title>
        <style dangerouslySetInnerHTML={{ __html: SHEET_CSS }} />
      </head>
      <body>
        <h1>{props.orgName}</h1>
        <div class="grid">
          {props.cards.map((card) => (
            <section class="card" aria-label={card.name}>
              <p class="cta">{cta}</p>
              <div role="img" aria-label={`QR: ${card.url}`} dangerouslySetInnerHTML={{ __html: card.svg }} />
              <div class="name">{card.name}</div>
              {card.employeeName ? <div class="who">{card.employeeName}</div> : null}
              <div class="url">{card.url}</div>
            </section>
          ))}
        </div>
      </body>
    </html>
  );
}

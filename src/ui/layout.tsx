/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import type { Locale } from '../lib/i18n.ts';

/**
 * Mobile-first, framework-free page shell. The CSS is inlined: one round trip on a poor
 * network, nothing to fetch before the form is usable. Colours meet WCAG AA contrast.
 */
export const CSS = `
*,*::before,*::after{box-sizing:border-box}
:root{--fg:#1a1a1a;--muted:#4a4a4a;--bg:#fff;--accent:#0b5cad;--accent-fg:#fff;--err:#b00020;--line:#8a8a8a;--soft:#f3f5f8}
html{-webkit-text-size-adjust:100%}
body{margin:0;word-break:keep-all;overflow-wrap:anywhere;font:17px/1.5 system-ui,-apple-system,"Apple SD Gothic Neo","Malgun Gothic","Noto Sans KR",sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:36rem;margin:0 auto;padding:1rem 1rem 3rem}
h1{font-size:1.45rem;line-height:1.3;margin:.5rem 0 .25rem}
p.lead{color:var(--muted);margin:.25rem 0 1rem}
a{color:var(--accent)}
.top{display:flex;justify-content:space-between;align-items:center;gap:1rem;font-size:.95rem;color:var(--muted)}
fieldset{border:0;margin:0 0 1.25rem;padding:0}
legend,label.q{display:block;font-weight:600;margin-bottom:.4rem;padding:0}
.scale{display:grid;grid-template-columns:repeat(5,1fr);gap:.35rem}
.scale.skip{grid-template-columns:repeat(5,1fr) 1.3fr}
.choice{display:flex;flex-direction:column;gap:.35rem}
.opt{position:relative;display:block}
.opt input{position:absolute;opacity:0;width:1px;height:1px}
.opt span{display:flex;flex-direction:column;align-items:center;justify-content:center;min-height:3rem;padding:.4rem .3rem;border:2px solid var(--line);border-radius:.6rem;text-align:center;cursor:pointer;background:var(--bg)}
.choice .opt span{flex-direction:row;justify-content:flex-start;padding:.5rem .8rem}
.scale .opt span{height:100%}
.opt span b{font-size:1.15rem}
.opt input[value=""]:checked+span{background:var(--soft);color:var(--fg);border-color:var(--line)}
.opt input[value=""]:checked+span small{color:var(--muted)}
.opt span small{font-size:.72rem;color:var(--muted);line-height:1.2}
.opt input:checked+span{border-color:var(--accent);background:var(--accent);color:var(--accent-fg)}
.opt input:checked+span small{color:var(--accent-fg)}
.opt input:focus-visible+span{outline:3px solid #f0a500;outline-offset:2px}
.row{display:flex;gap:.5rem}.row .opt{flex:1}
input[type=text],input[type=email],input[type=tel],input[type=password],select,textarea{width:100%;font:inherit;padding:.65rem .7rem;border:2px solid var(--line);border-radius:.6rem;background:var(--bg);color:var(--fg)}
textarea{min-height:7rem;resize:vertical}
input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid #f0a500;outline-offset:1px}
.hint{font-size:.88rem;color:var(--muted);margin:.25rem 0 0}
.check{display:flex;gap:.6rem;align-items:flex-start;margin:.6rem 0}
.check input{width:1.4rem;height:1.4rem;flex:none;margin-top:.15rem}
.err{color:var(--err);font-weight:600;font-size:.92rem;margin:.3rem 0 0}
.invalid input[type=text],.invalid input[type=email],.invalid input[type=tel],.invalid input[type=password],.invalid select,.invalid textarea,.invalid .opt span{border-color:var(--err)}
.alert{border:2px solid var(--err);border-radius:.6rem;padding:.6rem .8rem;margin:0 0 1rem;color:var(--err);font-weight:600}
button{width:100%;font:inherit;font-weight:700;padding:.85rem;border:0;border-radius:.7rem;background:var(--accent);color:var(--accent-fg);cursor:pointer;min-height:3.2rem}
button:focus-visible{outline:3px solid #f0a500;outline-offset:2px}
.box{background:var(--soft);border-radius:.7rem;padding:.8rem 1rem;margin:0 0 1.25rem}
fieldset.box>legend{float:left;width:100%;margin-bottom:.4rem}
fieldset.box>legend+*{clear:left}
.center{text-align:center}
.sr{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
`;

export function Layout(props: { locale: Locale; title: string; children?: Child; head?: Child }) {
  return (
    <html lang={props.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <meta name="color-scheme" content="light" />
        <title>{props.title}</title>
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
        {props.head}
      </head>
      <body>
        <main id="main">{props.children}</main>
      </body>
    </html>
  );
}

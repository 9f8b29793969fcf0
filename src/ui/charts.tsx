/** @jsxImportSource hono/jsx */
/** Small server-rendered SVG charts: no JavaScript, no library, readable by screen readers. */

const y15 = (v: number, top: number, height: number) => top + ((5 - v) / 4) * height;

/** An interval on the 1–5 scale: the bar is the 90% interval, the dot the adjusted value. */
export function IntervalBar(props: { low: number | null; value: number | null; high: number | null; label: string }) {
  const w = 120;
  const x = (v: number) => 4 + ((v - 1) / 4) * (w - 8);
  if (props.value === null || props.low === null || props.high === null) {
    return <span class="muted">—</span>;
  }
  return (
    <svg width={w} height="18" viewBox={`0 0 ${w} 18`} role="img" aria-label={props.label}>
      <line x1={x(1)} x2={x(5)} y1="9" y2="9" stroke="#c9ced6" stroke-width="2" />
      {[1, 2, 3, 4, 5].map((t) => (
        <line x1={x(t)} x2={x(t)} y1="6" y2="12" stroke="#c9ced6" stroke-width="1" />
      ))}
      <rect x={x(props.low)} y="5" width={Math.max(2, x(props.high) - x(props.low))} height="8" rx="4" fill="#9cc0e8" />
      <circle cx={x(props.value)} cy="9" r="4.5" fill="#0b5cad" />
    </svg>
  );
}

/** A sparkline of weekly values on the 1–5 scale; weeks without cards leave a gap. */
export function Sparkline(props: { values: (number | null)[]; label: string }) {
  const w = 110;
  const h = 26;
  const n = props.values.length;
  const x = (i: number) => (n <= 1 ? w / 2 : 3 + (i / (n - 1)) * (w - 6));
  const segments: string[] = [];
  let current = '';
  props.values.forEach((v, i) => {
    if (v === null) {
      if (current) segments.push(current);
      current = '';
      return;
    }
    current += `${current ? 'L' : 'M'}${x(i).toFixed(1)},${y15(v, 3, h - 6).toFixed(1)}`;
  });
  if (current) segments.push(current);
  return (
    <svg width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={props.label}>
      <line x1="0" x2={w} y1={y15(3, 3, h - 6)} y2={y15(3, 3, h - 6)} stroke="#e3e6ea" stroke-width="1" />
      {segments.map((d) => (
        <path d={d} fill="none" stroke="#0b5cad" stroke-width="1.8" stroke-linejoin="round" />
      ))}
      {props.values.map((v, i) => (v === null ? null : <circle cx={x(i)} cy={y15(v, 3, h - 6)} r="1.8" fill="#0b5cad" />))}
    </svg>
  );
}

/** A weekly chart: adjusted score per week with the raw mean as hollow dots. */
export function WeeklyChart(props: { weeks: { weekStart: string; adjusted: number | null; mean: number | null; personCards: number }[]; label: string }) {
  const w = 560;
  const h = 200;
  const left = 28;
  const top = 10;
  const plotH = h - 40;
  const n = props.weeks.length;
  const x = (i: number) => left + (n <= 1 ? 0 : (i / (n - 1)) * (w - left - 10));
  let d = '';
  props.weeks.forEach((p, i) => {
    if (p.adjusted === null) return;
    d += `${d ? 'L' : 'M'}${x(i).toFixed(1)},${y15(p.adjusted, top, plotH).toFixed(1)}`;
  });
  return (
    <svg viewBox={`0 0 ${w} ${h}`} width="100%" role="img" aria-label={props.label} style="max-width:100%">
      {[1, 2, 3, 4, 5].map((t) => (
        <g>
          <line x1={left} x2={w - 6} y1={y15(t, top, plotH)} y2={y15(t, top, plotH)} stroke="#e3e6ea" />
          <text x="6" y={y15(t, top, plotH) + 4} font-size="11" fill="#4a4a4a">
            {t}
          </text>
        </g>
      ))}
      <path d={d} fill="none" stroke="#0b5cad" stroke-width="2.5" />
      {props.weeks.map((p, i) => (
        <g>
          {p.adjusted !== null ? <circle cx={x(i)} cy={y15(p.adjusted, top, plotH)} r="3.5" fill="#0b5cad" /> : null}
          {p.mean !== null ? <circle cx={x(i)} cy={y15(p.mean, top, plotH)} r="3" fill="none" stroke="#b35c00" stroke-width="1.5" /> : null}
          {i % 2 === 0 ? (
            <text x={x(i)} y={h - 12} font-size="10" text-anchor="middle" fill="#4a4a4a">
              {p.weekStart.slice(5)}
            </text>
          ) : null}
        </g>
      ))}
    </svg>
  );
}

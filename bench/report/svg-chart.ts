/** Hand-written SVG bar panels: no chart library, so the figure regenerates anywhere the benchmarks run. */

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** The text printed at the end of the bar. */
  readonly display: string;
  readonly highlight?: boolean;
}

export interface Panel {
  readonly title: string;
  readonly bars: readonly Bar[];
  /** A vertical line across the panel, e.g. a target. */
  readonly marker?: { readonly value: number; readonly label: string };
}

const WIDTH = 760;
const LABEL_WIDTH = 250;
const BAR_AREA = 330;
const BAR_HEIGHT = 18;
const BAR_GAP = 6;
const TITLE_HEIGHT = 28;
const PANEL_GAP = 22;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function renderPanels(title: string, subtitle: string, panels: readonly Panel[]): string {
  const parts: string[] = [];
  let y = 54;
  for (const panel of panels) {
    const scaleMax = Math.max(...panel.bars.map((bar) => bar.value), panel.marker?.value ?? 0) * 1.05 || 1;
    const x = (value: number) => LABEL_WIDTH + (Math.max(0, value) / scaleMax) * BAR_AREA;
    parts.push(`<text x="12" y="${y + 18}" class="panel">${escapeXml(panel.title)}</text>`);
    const top = y + TITLE_HEIGHT;
    panel.bars.forEach((bar, index) => {
      const barY = top + index * (BAR_HEIGHT + BAR_GAP);
      parts.push(
        `<text x="${LABEL_WIDTH - 8}" y="${barY + 13}" class="label" text-anchor="end">${escapeXml(bar.label)}</text>`,
        `<rect x="${LABEL_WIDTH}" y="${barY}" width="${(x(bar.value) - LABEL_WIDTH).toFixed(1)}" height="${BAR_HEIGHT}" class="${bar.highlight ? 'bar highlight' : 'bar'}"/>`,
        `<text x="${(x(bar.value) + 6).toFixed(1)}" y="${barY + 13}" class="value">${escapeXml(bar.display)}</text>`,
      );
    });
    const bottom = top + panel.bars.length * (BAR_HEIGHT + BAR_GAP) - BAR_GAP;
    if (panel.marker) {
      const markerX = x(panel.marker.value).toFixed(1);
      parts.push(
        `<line x1="${markerX}" y1="${top - 4}" x2="${markerX}" y2="${bottom + 4}" class="marker"/>`,
        `<text x="${markerX}" y="${bottom + 16}" class="marker-label" text-anchor="middle">${escapeXml(panel.marker.label)}</text>`,
      );
    }
    y = bottom + (panel.marker ? 20 : 0) + PANEL_GAP;
  }
  const height = y;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escapeXml(title)}">`,
    '<style>',
    'text { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; fill: #1f2328; }',
    '.title { font-size: 17px; font-weight: 600; } .subtitle { font-size: 12px; fill: #57606a; }',
    '.panel { font-size: 14px; font-weight: 600; } .label, .value { font-size: 12px; }',
    '.bar { fill: #8c959f; } .highlight { fill: #0969da; }',
    '.marker { stroke: #cf222e; stroke-width: 2; stroke-dasharray: 4 3; } .marker-label { font-size: 11px; fill: #cf222e; }',
    '</style>',
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="24" class="title">${escapeXml(title)}</text>`,
    `<text x="12" y="42" class="subtitle">${escapeXml(subtitle)}</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

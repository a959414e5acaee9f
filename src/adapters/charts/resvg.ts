/**
 * SVG → PNG with resvg (`@resvg/resvg-js`: Rust, its binary ships in the npm package, no browser).
 * Deterministic text: system fonts are NOT loaded; the one font is the shipped
 * `assets/fonts/DejaVuSans.ttf`, so a chart renders to the same pixels on every machine.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Chart } from '../../charts/charts.js';
import type { ChartRenderer } from '../../charts/ports.js';
import { CHART_FONT } from '../../charts/svg.js';

/** Why relative: the font ships in the package's assets/, found from src/ or dist/src/ alike. */
const FONT_FILE = join('assets', 'fonts', 'DejaVuSans.ttf');

/** The shipped font, found from this module up (src/ under vitest, dist/src/ when built). */
export function shippedFontPath(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, FONT_FILE);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`chart font ${FONT_FILE} not found above ${from}`);
  }
}

/**
 * The font and the native module are looked up at the first chart, not at start-up: an install without
 * them (e.g. `npm ci --omit=optional` drops resvg's platform binary) still starts, and each chart that
 * cannot be drawn is reported where it would have appeared.
 */
export class ResvgRenderer implements ChartRenderer {
  private font?: string;

  async png(chart: Chart): Promise<Buffer> {
    this.font ??= shippedFontPath();
    const { Resvg } = await import('@resvg/resvg-js');
    const resvg = new Resvg(chart.svg, {
      fitTo: { mode: 'original' },
      font: { loadSystemFonts: false, fontFiles: [this.font], defaultFontFamily: CHART_FONT },
      background: '#ffffff',
    });
    return Buffer.from(resvg.render().asPng());
  }
}

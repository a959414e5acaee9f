/** Turning a chart into pixels, and where charts go: the renderer is an adapter (resvg), as is the chat. */
import type { Chart } from './charts.js';

export interface ChartRenderer {
  png(chart: Chart): Promise<Buffer>;
}

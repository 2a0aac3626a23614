/* The dashboard's two charts as ECharts options: a stacked bar of green / yellow / red per child
 * unit (worst at the top) and the trend of the daily light counts. */
import type { ChartOption } from './echarts';
import type { DashboardChild, TrendPoint } from '@/types';

export const LIGHT_COLORS = { green: '#2e9d4f', yellow: '#e6a23c', red: '#d93026' } as const;
const LIGHTS = ['red', 'yellow', 'green'] as const;

export interface SeriesNames {
  green: string;
  yellow: string;
  red: string;
}

/* Horizontal bars, one per child (the first at the top), stacked red → yellow → green. */
export function barsOption(children: readonly DashboardChild[], names: SeriesNames): ChartOption {
  return {
    animation: false,
    color: LIGHTS.map((l) => LIGHT_COLORS[l]),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: LIGHTS.map((l) => names[l]) },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      inverse: true,
      data: children.map((c) => c.name),
      axisLabel: { width: 140, overflow: 'truncate' },
    },
    series: LIGHTS.map((l) => ({
      name: names[l],
      type: 'bar' as const,
      stack: 'lights',
      barMaxWidth: 28,
      cursor: 'pointer',
      data: children.map((c) => c[l]),
    })),
  };
}

/* Daily counts of each light over the cycle. */
export function trendOption(trend: readonly TrendPoint[], names: SeriesNames): ChartOption {
  return {
    animation: false,
    color: LIGHTS.map((l) => LIGHT_COLORS[l]),
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: LIGHTS.map((l) => names[l]) },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', boundaryGap: false, data: trend.map((p) => p.day.slice(5)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: LIGHTS.map((l) => ({
      name: names[l],
      type: 'line' as const,
      smooth: false,
      symbolSize: 6,
      data: trend.map((p) => p[l]),
    })),
  };
}

/* The height of the bar chart: room for each bar, within bounds. */
export function barsHeight(count: number): number {
  return Math.min(640, Math.max(220, 60 + count * 30));
}

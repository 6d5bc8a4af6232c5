// ECharts, with the chart types and components most pages draw (maps with points, on the
// discovery page), drawn with the SVG renderer: crisp when printed, and every chart downloads
// as SVG as it is drawn and as PNG through a canvas. No first view loads it: the overview's map
// is the page's own drawing (province-map.js). Charts on axes load their code with the first of
// them (chart-axes.js), tooltips after the first drawing (chart-tooltip.js); a page that needs
// more registers it itself with echarts.use, when its code is loaded (before any of its charts
// is made).
import * as echarts from 'echarts/core'
import { MapChart, ScatterChart } from 'echarts/charts'
import { GeoComponent, VisualMapContinuousComponent } from 'echarts/components'
import { SVGRenderer } from 'echarts/renderers'
import { mapFile } from './province-map.js'

echarts.use([MapChart, ScatterChart, GeoComponent, VisualMapContinuousComponent, SVGRenderer])

export { echarts }

// Parts loaded after the first view. ECharts copies the layouts and processors registered so far
// into each chart when it is made, so a chart made before a part arrived never uses it (the
// overview's bars and lines were once drawn as empty axes for that reason): a chart box makes
// its chart after the parts its option needs, and makes it again when parts arrived since.
let axes = null
let tooltip = null
let generation = 0
const loaded = (part) => part.then(() => void generation++)
export const partsGeneration = () => generation

// Resolves once ECharts can draw the option: a chart on axes (bars, lines, a grid) waits for
// their code, loaded once.
export function chartParts(option) {
  if (!(option.grid || option.xAxis || option.yAxis)) return null
  axes ??= loaded(import('./chart-axes.js'))
  return axes
}

// The tooltip, with the axis pointer it brings, is a fifth of the first view's script: charts are
// drawn without it first, so the map shows before it has arrived, and made again once it has.
let tooltipReady = false
export const hasTooltip = () => tooltipReady
export function tooltipPart() {
  tooltip ??= loaded(import('./chart-tooltip.js')).then(() => void (tooltipReady = true))
  return tooltip
}

let provinces = null
// The province boundaries (province-map.js' mapFile), registered once as the map 'provinces'.
// Returns code → the name the file gives that province, so data is joined by code whatever the
// names in the file are.
export async function provinceMap() {
  if (provinces) return provinces
  const geo = await mapFile()
  // ECharts decodes an encoded file in place: it is given a copy, the overview's map keeps its own.
  echarts.registerMap('provinces', structuredClone(geo))
  provinces = new Map()
  for (const f of geo.features) {
    const p = f.properties ?? {}
    const code = String(p.adcode ?? p.id ?? p.code ?? f.id ?? '')
    if (code) provinces.set(code, p.name)
  }
  return provinces
}

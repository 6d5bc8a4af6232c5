// ECharts, with only the chart types and components the overview draws (the first view ships
// only these), drawn with the SVG renderer: crisp when printed, and every chart downloads as
// SVG as it is drawn and as PNG through a canvas. A page that needs more registers it itself
// with echarts.use (its code is loaded with the page).
import * as echarts from 'echarts/core'
import { BarChart, LineChart, MapChart, ScatterChart } from 'echarts/charts'
import { GeoComponent, GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components'
import { SVGRenderer } from 'echarts/renderers'

echarts.use([
  BarChart,
  LineChart,
  MapChart,
  ScatterChart,
  GeoComponent,
  GridComponent,
  TooltipComponent,
  VisualMapComponent,
  SVGRenderer,
])

export { echarts }

let provinces = null
// The province boundaries (GET /api/v1/map: the bundled file or the one the server was given),
// registered once as the map 'provinces'. Returns code → the name the file gives that province,
// so data is joined by code whatever the names in the file are.
export async function provinceMap() {
  if (provinces) return provinces
  const res = await fetch('/api/v1/map')
  if (!res.ok) throw new Error(`map: HTTP ${res.status}`)
  const geo = await res.json()
  echarts.registerMap('provinces', geo)
  provinces = new Map()
  for (const f of geo.features) {
    const p = f.properties ?? {}
    const code = String(p.adcode ?? p.id ?? p.code ?? f.id ?? '')
    if (code) provinces.set(code, p.name)
  }
  return provinces
}

// SVG text of a chart → a PNG data URL at twice its size (sharp in a report).
export function svgToPng(svgText, width, height) {
  return new Promise((resolve, reject) => {
    const img = new Image()
    img.onload = () => {
      const canvas = document.createElement('canvas')
      canvas.width = width * 2
      canvas.height = height * 2
      const g = canvas.getContext('2d')
      g.fillStyle = '#fff'
      g.fillRect(0, 0, canvas.width, canvas.height)
      g.drawImage(img, 0, 0, canvas.width, canvas.height)
      resolve(canvas.toDataURL('image/png'))
    }
    img.onerror = reject
    img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svgText)
  })
}

// The province boundaries (GET /api/v1/map: the bundled file or the one `serve --map` gave) as
// SVG paths for the overview's map. That map is drawn by the page itself, not by ECharts, so
// the first view ships and compiles no chart library: about half of its time went to ECharts'
// code and its first drawing (bench/RESULTS.md). The projection is the printed reports': Albers
// equal-area with the standard parallels 25°N and 47°N, centred on 105°E 35°N — a choropleth is
// read by area, and the page and the report show the same map.
import { api } from './api.js'

let file = null
// The map file, asked for once for the page (the overview's paths and ECharts' maps share it).
export function mapFile() {
  file ??= api.get('/api/v1/map').catch((e) => {
    file = null
    throw e
  })
  return file
}

// A province's key: the two digits of its GB/T 2260 code, whether a file writes 42, "42" or
// 420000; '' for a feature that is no province (drawn, not shaded).
export function provinceKey(code) {
  const digits = String(code ?? '')
  return /^\d{2}(\d{4})?$/.test(digits) ? digits.slice(0, 2) : ''
}

const deg = Math.PI / 180
const phi1 = 25 * deg, phi2 = 47 * deg, phi0 = 35 * deg, lambda0 = 105 * deg
const n = (Math.sin(phi1) + Math.sin(phi2)) / 2
const c = Math.cos(phi1) ** 2 + 2 * n * Math.sin(phi1)
const rho0 = Math.sqrt(c - 2 * n * Math.sin(phi0)) / n

// Spherical Albers (Snyder, Map Projections: A Working Manual, eq. 14-1 to 14-4), x east and
// y south (SVG's y grows downwards), in Earth radii.
export function albers(lon, lat) {
  const rho = Math.sqrt(c - 2 * n * Math.sin(lat * deg)) / n
  const theta = n * (lon * deg - lambda0)
  return [rho * Math.sin(theta), rho * Math.cos(theta) - rho0]
}

// ECharts' compact rings ("UTF8Encoding": true): each pair of characters, less 64 and zig-zag
// decoded, is a step from the point before, starting at the ring's offset; divided by the scale.
function decodeRing(text, [x, y], scale) {
  const zigzag = (v) => (v >> 1) ^ -(v & 1)
  const ring = []
  for (let i = 0; i + 1 < text.length; i += 2) {
    x += zigzag(text.charCodeAt(i) - 64)
    y += zigzag(text.charCodeAt(i + 1) - 64)
    ring.push([x / scale, y / scale])
  }
  return ring
}

// A feature's polygons as lists of rings of [lon, lat], decoded when the file is encoded.
function polygonsOf(geometry, encoded, scale) {
  if (!geometry) return []
  const { type, coordinates, encodeOffsets } = geometry
  const polygons = type === 'Polygon' ? [coordinates] : type === 'MultiPolygon' ? coordinates : []
  const offsets = type === 'Polygon' ? [encodeOffsets] : encodeOffsets
  if (!encoded) return polygons
  return polygons.map((rings, p) => rings.map((ring, r) => decodeRing(ring, offsets[p][r], scale)))
}

// The file as shapes { key, name, d } in a view box 1000 wide, and project(lon, lat) → the
// point in that box: what the map draws, its size left to the browser (the SVG scales to its
// box). Coordinates are written to a tenth of a unit, a tenth of a pixel at most.
export function provinceShapes(geo) {
  const encoded = geo.UTF8Encoding === true
  const scale = geo.UTF8Scale ?? 1024
  const features = (geo.features ?? []).map((f) => ({
    key: provinceKey(f.properties?.adcode ?? f.properties?.id ?? f.properties?.code ?? f.id),
    name: f.properties?.name ?? '',
    rings: polygonsOf(f.geometry, encoded, scale).flat().map((ring) => ring.map(([lon, lat]) => albers(lon, lat))),
  }))
  // The projected extent of every point: a conic bends the parallels, so the corners of the
  // longitude/latitude box are not the extremes.
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity
  for (const f of features) {
    for (const ring of f.rings) {
      for (const [x, y] of ring) {
        minX = Math.min(minX, x), maxX = Math.max(maxX, x)
        minY = Math.min(minY, y), maxY = Math.max(maxY, y)
      }
    }
  }
  const width = 1000
  const k = maxX > minX ? width / (maxX - minX) : 1
  const height = Math.ceil((maxY - minY) * k) || width
  const at = ([x, y]) => [(x - minX) * k, (y - minY) * k]
  const path = (ring) => {
    let d = ''
    let last = ''
    for (const p of ring) {
      const [x, y] = at(p)
      const point = `${x.toFixed(1)},${y.toFixed(1)}`
      if (point !== last) d += (d ? 'L' : 'M') + point
      last = point
    }
    return d ? d + 'Z' : ''
  }
  return {
    width,
    height,
    shapes: features.map((f) => ({ key: f.key, name: f.name, d: f.rings.map(path).join('') })),
    project: (lon, lat) => at(albers(lon, lat)),
  }
}

// Files people paste into reports, made in the page: CSV with a UTF-8 byte-order mark (so Excel
// reads Chinese), XLSX (a minimal Office Open XML workbook, zipped by fflate), and any URL saved
// under a name; charts as SVG and PNG.

export function save(name, blobOrUrl) {
  const a = document.createElement('a')
  a.href = typeof blobOrUrl === 'string' ? blobOrUrl : URL.createObjectURL(blobOrUrl)
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
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

function csvField(v) {
  const s = v === null || v === undefined ? '' : String(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

// columns: [{ key, title }], rows: objects. Missing figures are empty cells.
export function toCsv(columns, rows) {
  const lines = [columns.map((c) => csvField(c.title)).join(',')]
  for (const r of rows) lines.push(columns.map((c) => csvField(r[c.key])).join(','))
  return new Blob(['\ufeff' + lines.join('\r\n') + '\r\n'], { type: 'text/csv;charset=utf-8' })
}

function xml(s) {
  return String(s).replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c])
}

function colName(i) {
  let s = ''
  for (i += 1; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s
  return s
}

function sheetXml(columns, rows) {
  const line = (r, cells) =>
    `<row r="${r}">` +
    cells
      .map((v, i) => {
        const ref = `${colName(i)}${r}`
        if (v === null || v === undefined || v === '' || (typeof v === 'number' && !Number.isFinite(v))) return ''
        if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`
        return `<c r="${ref}" t="inlineStr"><is><t>${xml(v)}</t></is></c>`
      })
      .join('') +
    '</row>'
  const body = [line(1, columns.map((c) => c.title))]
  rows.forEach((row, i) => body.push(line(i + 2, columns.map((c) => row[c.key]))))
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    `<sheetData>${body.join('')}</sheetData></worksheet>`
  )
}

// The zip library is loaded with the first workbook saved, not with the page.
export async function toXlsx(columns, rows, sheetName = 'Sheet1') {
  const { zipSync, strToU8 } = await import('fflate')
  const ns = 'http://schemas.openxmlformats.org'
  const files = {
    '[Content_Types].xml':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="${ns}/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '</Types>',
    '_rels/.rels':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${ns}/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
      '</Relationships>',
    'xl/workbook.xml':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships">` +
      `<sheets><sheet name="${xml(sheetName.slice(0, 31))}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${ns}/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
      '</Relationships>',
    'xl/worksheets/sheet1.xml': sheetXml(columns, rows),
  }
  const zipped = zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])))
  return new Blob([zipped], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })
}

// The charts' tooltips (and the axis pointer the tooltip component brings with it), loaded after
// the first chart is drawn (charts.js).
import { TooltipComponent } from 'echarts/components'
import { echarts } from './charts.js'

echarts.use([TooltipComponent])

// Charts on axes: bars and lines on a grid (the overview's trend and breakdowns, and most other
// pages' charts). Loaded with the first of them, after the overview's map (charts.js).
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent } from 'echarts/components'
import { echarts } from './charts.js'

echarts.use([BarChart, LineChart, GridComponent])

// The pages, by address (hash addresses: the server sends the one page for every view). Each
// page's code is loaded when it is first opened, so the overview ships alone.
import { createRouter, createWebHashHistory } from 'vue-router'
import Overview from './views/Overview.vue'

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', name: 'overview', component: Overview },
    { path: '/login', name: 'login', component: () => import('./views/Login.vue') },
    { path: '/clusters/:id', name: 'cluster', component: () => import('./views/ClusterPage.vue') },
    { path: '/registry', name: 'registry', component: () => import('./views/Registry.vue') },
    { path: '/statistics', name: 'statistics', component: () => import('./views/Statistics.vue') },
    { path: '/evaluation', name: 'evaluation', component: () => import('./views/Evaluation.vue') },
    { path: '/discovery', name: 'discovery', component: () => import('./views/Discovery.vue') },
    { path: '/rounds', name: 'rounds', component: () => import('./views/Rounds.vue') },
    { path: '/rounds/:id', name: 'round', component: () => import('./views/Rounds.vue') },
    { path: '/admin', name: 'admin', component: () => import('./views/Admin.vue') },
    { path: '/:rest(.*)', redirect: '/' },
  ],
  scrollBehavior: () => ({ top: 0 }),
})

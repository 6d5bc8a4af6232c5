// The overview's data, asked for while the page's script is still loading and compiling (a
// quarter of a second on a slow machine): a classic script that runs as soon as the page's head
// is parsed. Only the overview (the first view of nearly every visit) is asked for; api.js takes
// these answers the first time the page asks for the same paths, and asks the server otherwise.
(function () {
  var route = location.hash.replace(/^#/, '')
  if (route !== '' && route !== '/') return
  var paths = ['/api/v1/overview', '/api/v1/provinces', '/api/v1/map']
  window.firstView = {}
  for (var i = 0; i < paths.length; i++) {
    window.firstView[paths[i]] = fetch(paths[i], {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
    })
    // A failed request is asked again by the page; nothing is reported from here.
    window.firstView[paths[i]].catch(function () {})
  }
})()

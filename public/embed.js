/*
 * k8s-explorer embed snippet. Add to a documentation page:
 *
 *   <div data-k8s-explorer="node-failure" data-panels="console" data-height="480"></div>
 *   <script src="https://your.host/path/to/explorer/embed.js" defer></script>
 *
 * Every element with a data-k8s-explorer attribute becomes an iframe of embed.html from the same
 * folder as this script. The attribute holds an example id (`service`, `node-failure`, ...) or a
 * share link's fragment (`#x=1.…`, or a whole share link). Optional attributes: data-panels
 * (editor,console,timeline,inspector), data-theme (light|dark|system), data-autoplay (0|1),
 * data-speed (0.25 to 100), data-lens (placement|ownership|network), data-allowed-origins (origins
 * allowed to drive the embed with postMessage), data-height (pixels or any CSS length; default
 * 480px) and data-title (the iframe's accessible title).
 *
 * The script makes no network request itself: the browser loads the iframes (lazily, when they
 * come near the viewport). It runs once on load; call window.k8sExplorerEmbed() again after adding
 * elements later.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  // The explorer lives next to this script, whatever path the host serves it from.
  var base = script && script.src ? script.src : document.baseURI;
  var embedUrl = new URL('embed.html', base);
  var OPTIONS = {
    panels: 'panels',
    theme: 'theme',
    autoplay: 'autoplay',
    speed: 'speed',
    lens: 'lens',
    allowedOrigins: 'allowed-origins',
  };

  function fragmentOf(value) {
    var hash = value.indexOf('#');
    return hash >= 0 ? value.slice(hash) : '';
  }

  function srcFor(element) {
    var value = (element.getAttribute('data-k8s-explorer') || '').trim();
    var url = new URL(embedUrl.href);
    var fragment = fragmentOf(value);
    if (fragment) url.hash = fragment;
    else if (value) url.searchParams.set('example', value);
    for (var key in OPTIONS) {
      var option = element.dataset[key];
      if (option !== undefined && option !== '') url.searchParams.set(OPTIONS[key], option);
    }
    return url.href;
  }

  function heightOf(element) {
    var height = (element.getAttribute('data-height') || '').trim();
    if (/^\d+(\.\d+)?$/.test(height)) return height + 'px';
    if (/^\d+(\.\d+)?(px|em|rem|vh|%)$/.test(height)) return height;
    return '480px';
  }

  function titleOf(element) {
    var title = element.getAttribute('data-title');
    if (title) return title;
    var value = (element.getAttribute('data-k8s-explorer') || '').trim();
    return fragmentOf(value) || !value
      ? 'k8s-explorer: a shared Kubernetes experiment'
      : 'k8s-explorer: the ' + value + ' example';
  }

  function embedAll(root) {
    var elements = (root || document).querySelectorAll('[data-k8s-explorer]');
    for (var i = 0; i < elements.length; i++) {
      var element = elements[i];
      if (element.getAttribute('data-k8s-explorer-ready') !== null) continue;
      var frame = document.createElement('iframe');
      frame.src = srcFor(element);
      frame.title = titleOf(element);
      frame.setAttribute('loading', 'lazy');
      frame.style.width = '100%';
      frame.style.height = heightOf(element);
      frame.style.border = '1px solid #c8ccd4';
      frame.style.borderRadius = '6px';
      frame.style.display = 'block';
      // Clipboard access lets the embed's Share button copy its link.
      frame.setAttribute('allow', 'clipboard-write');
      element.textContent = '';
      element.appendChild(frame);
      element.setAttribute('data-k8s-explorer-ready', '');
    }
  }

  window.k8sExplorerEmbed = embedAll;
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', function () {
      embedAll();
    });
  } else {
    embedAll();
  }
})();

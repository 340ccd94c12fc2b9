// The boundary map: a basemap from the commission's own data (graticule, settlements, the sources'
// lines), the claims, the sectors of the line in force, their break points and the pillars; cursor coordinates in
// WGS 84, UTM and Pulkovo 1942 Gauss–Krüger from the server's geodesy; a geodesic measuring tool; a
// scale bar; export of the view as PNG. OpenLayers is served from /lib/ol (bundled at build time).
(function () {
  'use strict';

  const texts = JSON.parse(document.getElementById('map-texts').textContent);
  const lang = document.documentElement.lang || 'en';
  const mapElement = document.getElementById('map');
  const status = document.getElementById('map-status');
  const layerList = document.getElementById('layers');
  const params = new URLSearchParams(window.location.search);
  const datumOperation = mapElement.dataset.operation || null;

  function t(key) {
    let text = texts[key] || key;
    for (let i = 1; i < arguments.length; i++) {
      text = text.replace('{' + (i - 1) + '}', arguments[i]);
    }
    return text;
  }

  // Numbers in the user's language (decimal comma, grouping) as the server formats its pages.
  const formats = {
    degrees: new Intl.NumberFormat(lang, { minimumFractionDigits: 5, maximumFractionDigits: 5 }),
    metres: new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    km: new Intl.NumberFormat(lang, { minimumFractionDigits: 3, maximumFractionDigits: 3 }),
  };

  const palette = ['#c0392b', '#1f5f99', '#7d3c98', '#117a65', '#b9770e'];
  const format = new ol.format.GeoJSON({ dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' });

  function lineStyle(color, width, dash) {
    return new ol.style.Style({ stroke: new ol.style.Stroke({ color: color, width: width, lineDash: dash }) });
  }

  const map = new ol.Map({
    target: mapElement,
    view: new ol.View({ center: ol.proj.fromLonLat([45.6, 40.1]), zoom: 7 }),
    controls: ol.control.defaults.defaults({ attributionOptions: { collapsible: false } })
      .extend([new ol.control.ScaleLine({ bar: true, text: true, minWidth: 120 })]),
  });

  // The map itself, for scripts and tests that ask it what is drawn where (OpenLayers' own hit detection).
  mapElement.olMap = map;

  // A counter of finished renders, so that a test (or a screen reader script) can wait for the view to settle.
  map.on('rendercomplete', function () {
    document.body.dataset.renders = String(Number(document.body.dataset.renders || 0) + 1);
  });

  // Layers are registered with a stable key (for the toggles and the tests) and a title in the user's language.
  function register(key, layer, title, color) {
    layer.set('key', key);
    layer.set('title', title);
    map.addLayer(layer);
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.id = 'layer-' + key;
    box.dataset.layer = key;
    box.checked = layer.getVisible();
    box.addEventListener('change', function () { layer.setVisible(box.checked); });
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = color;
    label.append(box, swatch, title);
    layerList.append(label);
    return layer;
  }

  // Basemap: a graticule and the settlements (layers.js, shared with /incidents); the country outlines are the sources'
  // own lines below.
  const layers = window.DemarcateLayers;
  const counted = layers.counted;
  register('graticule', layers.graticule(), t('map.layer.graticule'), 'rgba(60, 70, 80, 0.35)');
  register('settlements', layers.settlements(), t('map.layer.settlements'), '#6c5b7b');

  // Lines come as vector tiles (/tiles/lines/z/x/y.mvt), each caller's own: a delegation's drafts reach only that
  // delegation. One tile source feeds several layers, each drawing its share of the tile's features by their
  // properties: a layer per source (the sources the caller may see, from /api/sources, with their attribution) and
  // one for claims and drafts.
  const sourceLayers = {};
  const lineTiles = counted(new ol.source.VectorTile({
    url: '/tiles/lines/{z}/{x}/{y}.mvt',
    format: new ol.format.MVT({ idProperty: 'id' }),
    maxZoom: 16,
    // The attribution of every source whose layer is on.
    attributions: function () {
      return Object.keys(sourceLayers).map(function (key) { return sourceLayers[key]; })
        .filter(function (layer) { return layer.getVisible() && layer.get('attribution'); })
        .map(function (layer) { return layer.get('attribution'); });
    },
  }), 'line');
  function sourceLayer(source, attribution) {
    if (!(source in sourceLayers)) {
      const color = palette[Object.keys(sourceLayers).length % palette.length];
      const style = lineStyle(color, 2);
      const layer = new ol.layer.VectorTile({
        source: lineTiles,
        style: function (feature) {
          return feature.get('kind') === 'SourceLine' && (feature.get('source') || 'other') === source ? style : undefined;
        },
      });
      layer.set('attribution', attribution || null);
      sourceLayers[source] = register('source-' + source, layer, t('map.layer.source', source), color);
    }
    return sourceLayers[source];
  }
  const claimStyle = lineStyle('#d35400', 2.5, [8, 6]);
  const claims = new ol.layer.VectorTile({
    source: lineTiles,
    style: function (feature) { return feature.get('kind') !== 'SourceLine' ? claimStyle : undefined; },
  });
  // A source line whose source is not listed (none given) still gets a layer, once its tile arrives.
  lineTiles.on('tileloadend', function (event) {
    (event.tile.getFeatures() || []).forEach(function (feature) {
      if (feature.get('kind') === 'SourceLine' && !((feature.get('source') || 'other') in sourceLayers)) {
        sourceLayer(feature.get('source') || 'other', null);
        placeSourceLayers();
      }
    });
  });
  // Source lines sit under the sectors and claims, whatever order they were registered in.
  function placeSourceLayers() {
    Object.keys(sourceLayers).forEach(function (key, i) {
      map.getLayers().remove(sourceLayers[key]);
      map.getLayers().insertAt(2 + i, sourceLayers[key]);
    });
  }
  fetch('/api/sources', { headers: { Accept: 'application/json' } }).then(function (response) {
    if (!response.ok) {
      throw new Error('/api/sources: ' + response.status);
    }
    return response.json();
  }).then(function (sources) {
    // A tile may have arrived first and made the layer without its attribution.
    sources.forEach(function (source) { sourceLayer(source.id, source.attribution).set('attribution', source.attribution || null); });
    map.render();
    placeSourceLayers();
    document.body.dataset.linesLoaded = String(sources.length);
  }).catch(function (error) { status.textContent = String(error); });
  register('claims', claims, t('map.layer.claims'), '#d35400');

  // The sectors of the line in force (layers.js, shared with /incidents).
  register('inforce', layers.sectors(), t('map.layer.inforce'), 'rgba(20, 50, 79, 0.35)');
  register('breaks', new ol.layer.Vector({
    source: new ol.source.Vector({ url: '/api/layers/breaks', format: format }),
    style: new ol.style.Style({
      image: new ol.style.RegularShape({ points: 4, radius: 6, angle: Math.PI / 4, fill: new ol.style.Fill({ color: '#fff' }), stroke: new ol.style.Stroke({ color: '#14324f', width: 2 }) }),
    }),
  }), t('map.layer.breaks'), '#14324f');

  // Pillars come as vector tiles (/tiles/pillars/z/x/y.mvt), each caller's own: a delegation's draft pillars reach
  // only that delegation. Coloured by status as in the pillar register (pillars.js); a surveyed pillar gets a dark
  // ring; the number is shown at large scales; a click opens the pillar's page.
  const pillarColours = { Planned: '#8a94a0', Emplaced: '#1f5f99', Verified: '#1e8449', Damaged: '#d68910', Missing: '#c0392b', Relocated: '#7d3c98' };
  const pillarStyle = function (feature, resolution) {
    const surveyed = feature.get('surveyed') === true;
    const styles = [new ol.style.Style({
      image: new ol.style.Circle({
        // The layer is not decluttered, and says so: OpenLayers 10's synchronous hit detection on a vector tile layer
        // (forEachFeatureAtPixel, getFeaturesAtPixel) passes over images in 'declutter' mode (the default) unless the
        // layer declutters them, so without 'none' a click never finds a pillar.
        declutterMode: 'none',
        radius: 5,
        fill: new ol.style.Fill({ color: pillarColours[feature.get('status')] || '#333333' }),
        stroke: new ol.style.Stroke({ color: surveyed ? '#111111' : '#ffffff', width: surveyed ? 2.5 : 1.5 }),
      }),
    })];
    if (resolution < 40) {
      styles.push(new ol.style.Style({
        text: new ol.style.Text({
          text: String(feature.get('id')), font: '11px sans-serif', offsetY: -11,
          fill: new ol.style.Fill({ color: '#222' }), stroke: new ol.style.Stroke({ color: '#fff', width: 3 }),
        }),
      }));
    }
    return styles;
  };
  const pillarTiles = counted(new ol.source.VectorTile({
    url: '/tiles/pillars/{z}/{x}/{y}.mvt',
    format: new ol.format.MVT(),
    maxZoom: 16,
  }), 'pillar');
  const pillars = register('pillars', new ol.layer.VectorTile({
    source: pillarTiles,
    style: pillarStyle,
  }), t('map.layer.pillars'), '#1f5f99');
  map.on('click', function (event) {
    if (draw) {
      return;
    }
    const hit = map.forEachFeatureAtPixel(event.pixel, function (feature) { return feature; }, { layerFilter: function (layer) { return layer === pillars; } });
    if (hit && hit.get('link')) {
      window.location.href = hit.get('link');
    }
  });

  // The view opens on the sectors the caller may see, or on the one asked for (/map?sector=M-07), fitted to the
  // boxes the sector API gives (bbox: west, south, east, north in degrees), not to features loaded in the browser.
  const wantedSector = params.get('sector');
  fetch(wantedSector ? '/api/sectors/' + encodeURIComponent(wantedSector) : '/api/sectors', { headers: { Accept: 'application/json' } })
    .then(function (response) {
      // An unknown (or hidden) sector: the whole boundary instead.
      if (!response.ok && wantedSector) {
        return fetch('/api/sectors').then(function (all) { return all.json(); });
      }
      return response.json();
    })
    .then(function (answer) {
      const list = Array.isArray(answer) ? answer : [answer];
      const extent = ol.extent.createEmpty();
      list.forEach(function (sector) {
        if (sector.bbox) {
          ol.extent.extend(extent, ol.proj.transformExtent(sector.bbox, 'EPSG:4326', 'EPSG:3857'));
        }
      });
      if (!ol.extent.isEmpty(extent)) {
        map.getView().fit(extent, { padding: [20, 20, 20, 20], maxZoom: 12 });
      }
      status.textContent = t('map.loaded', list.length);
      // Marked once the fitted view is drawn with its tiles, so that whoever waits for it sees the settled map.
      map.once('rendercomplete', function () {
        document.body.dataset.sectorsLoaded = String(list.length);
      });
    })
    .catch(function (error) { status.textContent = String(error); });

  // Cursor coordinates. WGS 84 is shown at once; UTM and Gauss–Krüger come from the server's geodesy,
  // at most one round of requests at a time and no more often than every 200 ms, always for the latest position.
  const cursor = {
    box: document.getElementById('cursor'),
    hint: document.getElementById('cursor-hint'),
    wgs84: document.getElementById('cursor-wgs84'),
    utmName: document.getElementById('cursor-utm-name'),
    utm: document.getElementById('cursor-utm'),
    gkName: document.getElementById('cursor-gk-name'),
    gk: document.getElementById('cursor-gk'),
  };
  let wanted = null;
  let busy = false;
  let lastAsked = 0;

  map.on('pointermove', function (event) {
    if (event.dragging) {
      return;
    }
    const lonLat = ol.proj.toLonLat(event.coordinate);
    wanted = { lat: lonLat[1], lon: lonLat[0] };
    cursor.box.hidden = false;
    cursor.hint.hidden = true;
    cursor.wgs84.textContent = formats.degrees.format(wanted.lat) + '° ' + (wanted.lat >= 0 ? 'N' : 'S') + ', '
      + formats.degrees.format(Math.abs(wanted.lon)) + '° ' + (wanted.lon >= 0 ? 'E' : 'W');
    cursor.wgs84.dataset.lat = String(wanted.lat);
    cursor.wgs84.dataset.lon = String(wanted.lon);
    ask();
  });

  function ask() {
    if (busy || !wanted) {
      return;
    }
    busy = true;
    setTimeout(function () {
      const point = wanted;
      wanted = null;
      lastAsked = Date.now();
      transformAt(point).catch(function (error) { status.textContent = String(error); }).finally(function () {
        busy = false;
        ask();
      });
    }, Math.max(0, lastAsked + 200 - Date.now()));
  }

  function transformAt(point) {
    const utmZone = Math.min(60, Math.floor((point.lon + 180) / 6) + 1);
    const gkZone = Math.floor(point.lon / 6) + 1;
    cursor.utmName.textContent = t('map.cursor.utm', utmZone);
    cursor.gkName.textContent = t('map.cursor.gk', gkZone);
    const asks = [show(cursor.utm, point, 'EPSG:' + ((point.lat >= 0 ? 32600 : 32700) + utmZone), null)];
    // Demarcate knows the Gauss–Krüger zones of the region (7–9) and needs the commission's datum transformation.
    if (gkZone >= 7 && gkZone <= 9 && datumOperation) {
      asks.push(show(cursor.gk, point, 'EPSG:' + (28400 + gkZone), datumOperation));
    } else {
      cursor.gk.textContent = '—';
      delete cursor.gk.dataset.first;
    }
    return Promise.all(asks);
  }

  function axis(name) {
    const key = 'map.axis.' + String(name).toLowerCase();
    return key in texts ? t(key) : name;
  }

  function show(element, point, to, operation) {
    return fetch('/api/transform/points', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ from: 'EPSG:4326', to: to, operation: operation, points: [[point.lat, point.lon]] }),
    }).then(function (response) { return response.json(); }).then(function (answer) {
      const result = answer.points[0];
      if (!result.coordinates) {
        element.textContent = '—';
        return;
      }
      const outside = result.flags.some(function (f) { return f.startsWith('outside'); });
      element.textContent = axis(answer.axes[0]) + ' ' + t('map.unit.m', formats.metres.format(result.coordinates[0])) + ', '
        + axis(answer.axes[1]) + ' ' + t('map.unit.m', formats.metres.format(result.coordinates[1])) + (outside ? ' (' + t('map.cursor.outside') + ')' : '');
      element.dataset.crs = answer.to;
      element.dataset.first = String(result.coordinates[0]);
      element.dataset.second = String(result.coordinates[1]);
      element.dataset.lat = String(point.lat);
      element.dataset.lon = String(point.lon);
    });
  }

  // Geodesic measuring: the line is drawn on the map, its length computed by the server (Karney, WGS 84).
  const measureButton = document.getElementById('measure');
  const measureHint = document.getElementById('measure-hint');
  const measureResult = document.getElementById('measure-result');
  const measured = new ol.source.Vector();
  map.addLayer(new ol.layer.Vector({
    source: measured,
    style: lineStyle('#e00070', 3, [6, 4]),
  }));
  let draw = null;

  function startMeasuring() {
    draw = new ol.interaction.Draw({ source: measured, type: 'LineString' });
    draw.on('drawstart', function () { measured.clear(); measureResult.textContent = ''; });
    draw.on('drawend', function (event) { measure(event.feature.getGeometry()); });
    map.addInteraction(draw);
    measureButton.textContent = t('map.measure.stop');
    measureButton.setAttribute('aria-pressed', 'true');
    measureHint.hidden = false;
  }

  function stopMeasuring() {
    map.removeInteraction(draw);
    draw = null;
    measureButton.textContent = t('map.measure.start');
    measureButton.setAttribute('aria-pressed', 'false');
    measureHint.hidden = true;
  }

  measureButton.addEventListener('click', function () { if (draw) { stopMeasuring(); } else { startMeasuring(); } });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && draw) {
      draw.abortDrawing();
    }
  });

  function measure(geometry) {
    const points = geometry.getCoordinates().map(function (c) {
      const lonLat = ol.proj.toLonLat(c);
      return [lonLat[1], lonLat[0]];
    });
    return fetch('/api/geodesic/length', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ points: points }),
    }).then(function (response) { return response.json(); }).then(function (answer) {
      const m = answer.lengthMetres;
      const length = m >= 1000 ? t('map.unit.km', formats.km.format(m / 1000)) : t('map.unit.m', formats.metres.format(m));
      measureResult.textContent = t('map.measure.result', length) + ' (' + t('map.measure.segments', answer.segments.length) + ')';
      measureResult.dataset.metres = String(m);
      measureResult.dataset.points = JSON.stringify(points);
    });
  }

  // Export: every layer canvas of the current view drawn onto one, on white, downloaded as PNG.
  document.getElementById('export').addEventListener('click', function () {
    map.once('rendercomplete', function () {
      const size = map.getSize();
      const ratio = window.devicePixelRatio || 1;
      const out = document.createElement('canvas');
      out.width = Math.round(size[0] * ratio);
      out.height = Math.round(size[1] * ratio);
      const context = out.getContext('2d');
      context.fillStyle = '#fff';
      context.fillRect(0, 0, out.width, out.height);
      mapElement.querySelectorAll('.ol-layer canvas, canvas.ol-layer').forEach(function (canvas) {
        if (canvas.width === 0) {
          return;
        }
        const opacity = canvas.parentNode.style.opacity || canvas.style.opacity;
        context.globalAlpha = opacity === '' ? 1 : Number(opacity);
        const matrix = canvas.style.transform.match(/^matrix\(([^)]*)\)$/);
        if (matrix) {
          const m = matrix[1].split(',').map(Number);
          context.setTransform(m[0], m[1], m[2], m[3], m[4], m[5]);
        } else {
          context.setTransform(1, 0, 0, 1, 0, 0);
        }
        context.drawImage(canvas, 0, 0);
      });
      context.setTransform(1, 0, 0, 1, 0, 0);
      out.toBlob(function (blob) {
        const link = document.createElement('a');
        link.href = URL.createObjectURL(blob);
        link.download = 'demarcate-map.png';
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
      }, 'image/png');
    });
    map.renderSync();
  });
})();

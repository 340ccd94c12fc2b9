// The boundary map: every visible line of each source, the sectors cut from the line in force, and
// the break points between them. OpenLayers is served from /lib/ol (bundled at build time).
(function () {
  'use strict';

  const palette = ['#c0392b', '#1f5f99', '#7d3c98', '#117a65', '#b9770e'];
  const status = document.getElementById('map-status');
  const layerList = document.getElementById('layers');
  const params = new URLSearchParams(window.location.search);

  const format = new ol.format.GeoJSON({ dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' });

  function vectorLayer(title, url, style) {
    const source = new ol.source.Vector({ url: url, format: format });
    const layer = new ol.layer.Vector({ source: source, style: style });
    layer.set('title', title);
    return layer;
  }

  function lineStyle(color, width, dash) {
    return new ol.style.Style({ stroke: new ol.style.Stroke({ color: color, width: width, lineDash: dash }) });
  }

  const map = new ol.Map({
    target: 'map',
    view: new ol.View({ center: ol.proj.fromLonLat([45.6, 40.1]), zoom: 7 }),
    controls: ol.control.defaults.defaults({ attributionOptions: { collapsible: false } }).extend([new ol.control.ScaleLine()]),
  });

  const sourceColors = {};
  const lines = new ol.source.Vector({ url: '/api/layers/lines', format: format });
  const lineLayers = {};
  lines.on('featuresloadend', function () {
    lines.getFeatures().forEach(function (feature) {
      const source = feature.get('source') || 'other';
      if (!(source in sourceColors)) {
        sourceColors[source] = palette[Object.keys(sourceColors).length % palette.length];
        const layer = new ol.layer.Vector({
          source: new ol.source.Vector({ attributions: feature.get('attribution') || undefined }),
          style: lineStyle(sourceColors[source], 2),
        });
        layer.set('title', 'Source: ' + source);
        lineLayers[source] = layer;
        map.getLayers().insertAt(0, layer);
        addToggle(layer, sourceColors[source]);
      }
      lineLayers[source].getSource().addFeature(feature.clone());
    });
    status.textContent = lines.getFeatures().length + ' lines loaded.';
  });
  lines.loadFeatures([-Infinity, -Infinity, Infinity, Infinity], 1, map.getView().getProjection());

  // Sectors alternate in two tones so that each stretch reads on its own; the label sits at the
  // middle of the sector's longest part.
  const sectorStyle = function (feature) {
    const odd = (feature.get('number') || 0) % 2 === 1;
    const geometry = feature.getGeometry();
    const parts = geometry.getLineStrings ? geometry.getLineStrings() : [geometry];
    const longest = parts.reduce(function (a, b) { return b.getLength() > a.getLength() ? b : a; });
    return [
      new ol.style.Style({ stroke: new ol.style.Stroke({ color: odd ? 'rgba(20, 50, 79, 0.30)' : 'rgba(214, 137, 16, 0.35)', width: 8 }) }),
      new ol.style.Style({
        geometry: new ol.geom.Point(longest.getCoordinateAt(0.5)),
        text: new ol.style.Text({
          text: feature.getId(),
          font: 'bold 12px sans-serif',
          offsetX: 22,
          fill: new ol.style.Fill({ color: '#14324f' }),
          stroke: new ol.style.Stroke({ color: '#fff', width: 3 }),
        }),
      }),
    ];
  };
  const sectors = vectorLayer('Sectors (line in force)', '/api/layers/sectors', sectorStyle);
  const breaks = vectorLayer('Sector breaks', '/api/layers/breaks', new ol.style.Style({
    image: new ol.style.RegularShape({ points: 4, radius: 6, angle: Math.PI / 4, fill: new ol.style.Fill({ color: '#fff' }), stroke: new ol.style.Stroke({ color: '#14324f', width: 2 }) }),
  }));
  map.addLayer(sectors);
  map.addLayer(breaks);
  addToggle(sectors, 'rgba(20, 50, 79, 0.35)');
  addToggle(breaks, '#14324f');

  sectors.getSource().on('featuresloadend', function () {
    const wanted = params.get('sector');
    const feature = wanted ? sectors.getSource().getFeatureById(wanted) : null;
    const extent = feature ? feature.getGeometry().getExtent() : sectors.getSource().getExtent();
    map.getView().fit(extent, { padding: [20, 20, 20, 20], maxZoom: 12 });
    document.body.dataset.sectorsLoaded = String(sectors.getSource().getFeatures().length);
  });

  function addToggle(layer, color) {
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = layer.getVisible();
    box.addEventListener('change', function () { layer.setVisible(box.checked); });
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = color;
    label.append(box, swatch, layer.get('title'));
    layerList.append(label);
  }
})();

// The task force's map: the line in force in grey, each action's route coloured by subgroup, its checkpoints as
// squares and where it crosses the line as red circles. The server chose what the caller may see and computed the
// crossings; the page carries them as GeoJSON, so nothing is fetched here.
(function () {
  'use strict';

  const collection = JSON.parse(document.getElementById('taskforce-features').textContent);
  const format = new ol.format.GeoJSON({ dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' });
  const features = format.readFeatures(collection);

  const routeColours = { Rail: '#7d3c98', Road: '#1f5f99', Border: '#d68910', Customs: '#117a65', Energy: '#b9770e', Communications: '#5d6d7e' };
  const line = new ol.style.Style({ stroke: new ol.style.Stroke({ color: '#555555', width: 2, lineDash: [6, 4] }) });
  const checkpoint = new ol.style.Style({
    image: new ol.style.RegularShape({ points: 4, radius: 6, angle: Math.PI / 4, fill: new ol.style.Fill({ color: '#ffffff' }), stroke: new ol.style.Stroke({ color: '#111111', width: 2 }) }),
  });
  const crossing = new ol.style.Style({
    image: new ol.style.Circle({ radius: 5, fill: new ol.style.Fill({ color: '#c0392b' }), stroke: new ol.style.Stroke({ color: '#ffffff', width: 1.5 }) }),
  });
  const routes = {};
  function style(feature) {
    switch (feature.get('kind')) {
      case 'line': return line;
      case 'checkpoint': return checkpoint;
      case 'crossing': return crossing;
      default: {
        const subgroup = feature.get('subgroup');
        if (!routes[subgroup]) {
          routes[subgroup] = new ol.style.Style({ stroke: new ol.style.Stroke({ color: routeColours[subgroup] || '#333333', width: 4 }) });
        }
        return routes[subgroup];
      }
    }
  }

  const source = new ol.source.Vector({ features: features });
  const map = new ol.Map({
    target: 'taskforce-map',
    layers: [new ol.layer.Vector({ source: source, style: style })],
    view: new ol.View({ center: ol.proj.fromLonLat([45.6, 40.1]), zoom: 7 }),
  });
  const routeFeatures = features.filter(function (f) { return f.get('kind') === 'route'; });
  if (routeFeatures.length > 0) {
    const extent = ol.extent.createEmpty();
    routeFeatures.forEach(function (f) { ol.extent.extend(extent, f.getGeometry().getExtent()); });
    map.getView().fit(extent, { padding: [30, 30, 30, 30], maxZoom: 13 });
  }

  // What was drawn, once the map has rendered, for tests and for scripts that wait on the view.
  map.once('rendercomplete', function () {
    const count = function (kind) { return features.filter(function (f) { return f.get('kind') === kind; }).length; };
    document.body.dataset.routesDrawn = String(count('route'));
    document.body.dataset.crossingsDrawn = String(count('crossing'));
    document.body.dataset.checkpointsDrawn = String(count('checkpoint'));
  });
}());

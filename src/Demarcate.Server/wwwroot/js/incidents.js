// The incident map: the incidents the table shows, gathered into clusters (a disc with the count) that split as one
// zooms in. A click on the map away from the incidents puts its latitude and longitude into the entry form, so a report
// is placed where it happened. The server chose what the caller may see; the page carries it as GeoJSON.
(function () {
  'use strict';

  const collection = JSON.parse(document.getElementById('incident-features').textContent);
  const format = new ol.format.GeoJSON({ dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' });
  const features = format.readFeatures(collection);
  const points = new ol.source.Vector({ features: features });
  const clusters = new ol.source.Cluster({ distance: 30, source: points });

  const styles = {};
  function style(cluster) {
    const size = cluster.get('features').length;
    if (!styles[size]) {
      styles[size] = new ol.style.Style({
        image: new ol.style.Circle({
          radius: size === 1 ? 6 : Math.min(22, 9 + Math.sqrt(size) * 2),
          fill: new ol.style.Fill({ color: size === 1 ? '#c0392b' : 'rgba(192, 57, 43, 0.75)' }),
          stroke: new ol.style.Stroke({ color: '#ffffff', width: 1.5 }),
        }),
        text: size === 1 ? undefined : new ol.style.Text({ text: String(size), fill: new ol.style.Fill({ color: '#ffffff' }), font: 'bold 12px sans-serif' }),
      });
    }
    return styles[size];
  }

  const marker = new ol.source.Vector();
  const map = new ol.Map({
    target: 'incident-map',
    layers: [
      new ol.layer.Vector({ source: clusters, style: style }),
      new ol.layer.Vector({
        source: marker,
        style: new ol.style.Style({
          image: new ol.style.RegularShape({ points: 4, radius: 8, radius2: 0, angle: Math.PI / 4, stroke: new ol.style.Stroke({ color: '#111111', width: 2 }) }),
        }),
      }),
    ],
    view: new ol.View({ center: ol.proj.fromLonLat([45.6, 40.1]), zoom: 7 }),
  });
  if (features.length > 0) {
    map.getView().fit(points.getExtent(), { padding: [30, 30, 30, 30], maxZoom: 13 });
  }

  // The number of incidents drawn once the map has rendered, for tests and for scripts that wait on the view.
  map.once('rendercomplete', function () {
    document.body.dataset.incidentsDrawn = String(points.getFeatures().length);
  });

  const latitude = document.getElementById('entry-latitude');
  const longitude = document.getElementById('entry-longitude');
  map.on('click', function (event) {
    const hit = map.forEachFeatureAtPixel(event.pixel, function (feature) { return feature; });
    if (hit && hit.get('features') && hit.get('features').length > 1) {
      // A cluster: zoom to its incidents.
      const extent = ol.extent.createEmpty();
      hit.get('features').forEach(function (f) { ol.extent.extend(extent, f.getGeometry().getExtent()); });
      map.getView().fit(extent, { padding: [40, 40, 40, 40], maxZoom: 15, duration: 250 });
      return;
    }
    if (hit || !latitude || !longitude) {
      return;
    }
    const lonLat = ol.proj.toLonLat(event.coordinate);
    latitude.value = lonLat[1].toFixed(6);
    longitude.value = lonLat[0].toFixed(6);
    marker.clear();
    marker.addFeature(new ol.Feature(new ol.geom.Point(event.coordinate)));
    document.body.dataset.entryPlaced = 'true';
  });
  map.on('pointermove', function (event) {
    map.getTargetElement().style.cursor = map.hasFeatureAtPixel(event.pixel) ? 'pointer' : 'crosshair';
  });
}());

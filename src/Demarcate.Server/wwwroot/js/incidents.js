// The incident map: the incidents the table shows, gathered into clusters (a disc with the count) that split as one
// zooms in, over the basemap and the sectors of the line in force as /map draws them (layers.js). Zoomed out to the
// whole region, the incidents come as vector tiles instead (/tiles/incidents/z/x/y.mvt with the page's filters): one
// dot each, as the server chose them for the caller. A click on the map away from the incidents puts its latitude and
// longitude into the entry form, so a report is placed where it happened. The server chose what the caller may see;
// the page carries it as GeoJSON.
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

  // At this zoom and below, the tiles; above it, the clusters.
  const tileZoom = 6;
  const mapElement = document.getElementById('incident-map');
  const filters = mapElement.dataset.filters || '';
  const shared = window.DemarcateLayers;
  const tileDot = new ol.style.Style({
    image: new ol.style.Circle({
      // Not decluttered, so that OpenLayers' hit detection finds a dot (see the pillars in map.js).
      declutterMode: 'none',
      radius: 3.5,
      fill: new ol.style.Fill({ color: '#c0392b' }),
      stroke: new ol.style.Stroke({ color: '#ffffff', width: 1 }),
    }),
  });
  const incidentTiles = new ol.layer.VectorTile({
    source: shared.counted(new ol.source.VectorTile({
      url: '/tiles/incidents/{z}/{x}/{y}.mvt' + (filters ? '?' + filters : ''),
      format: new ol.format.MVT({ idProperty: 'id' }),
      maxZoom: tileZoom,
    }), 'incidentTile'),
    style: tileDot,
    maxZoom: tileZoom,
  });
  incidentTiles.set('key', 'incident-tiles');
  const clusterLayer = new ol.layer.Vector({ source: clusters, style: style, minZoom: tileZoom });
  const sectors = shared.sectors();
  sectors.set('key', 'sectors');

  const marker = new ol.source.Vector();
  const map = new ol.Map({
    target: mapElement,
    layers: [
      shared.graticule(),
      shared.settlements(),
      sectors,
      incidentTiles,
      clusterLayer,
      new ol.layer.Vector({
        source: marker,
        style: new ol.style.Style({
          image: new ol.style.RegularShape({ points: 4, radius: 8, radius2: 0, angle: Math.PI / 4, stroke: new ol.style.Stroke({ color: '#111111', width: 2 }) }),
        }),
      }),
    ],
    view: new ol.View({ center: ol.proj.fromLonLat([45.6, 40.1]), zoom: 7 }),
  });
  // The map itself, for scripts and tests that ask it what is drawn where (OpenLayers' own hit detection).
  mapElement.olMap = map;
  function isIncidents(layer) { return layer === clusterLayer || layer === incidentTiles; }
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
    const hit = map.forEachFeatureAtPixel(event.pixel, function (feature) { return feature; }, { layerFilter: isIncidents });
    if (hit && !hit.get('features')) {
      // A dot from the tiles: zoom in on it, to its cluster.
      map.getView().animate({ center: event.coordinate, zoom: tileZoom + 3, duration: 250 });
      return;
    }
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
    map.getTargetElement().style.cursor = map.hasFeatureAtPixel(event.pixel, { layerFilter: isIncidents }) ? 'pointer' : 'crosshair';
  });
}());

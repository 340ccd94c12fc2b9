// The pillar register's map: every pillar the table shows at its planned position, coloured by status; a pillar
// the survey teams have measured gets a dark ring, and a cross where they found it. Clicking a pillar opens its page.
// The server chose what the caller may see; the page carries it as GeoJSON, so nothing is fetched here.
(function () {
  'use strict';

  const collection = JSON.parse(document.getElementById('pillar-features').textContent);
  const format = new ol.format.GeoJSON({ dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' });
  const features = format.readFeatures(collection);

  // The same colours as the table's status badges (site.css .pillar-*), so map and table read alike.
  const colours = {
    Planned: '#8a94a0',
    Emplaced: '#1f5f99',
    Verified: '#1e8449',
    Damaged: '#d68910',
    Missing: '#c0392b',
    Relocated: '#7d3c98',
  };

  const styles = {};
  function style(feature) {
    const status = feature.get('status');
    const surveyed = feature.get('surveyed') !== null;
    const key = status + (surveyed ? ':s' : '');
    if (!styles[key]) {
      const list = [new ol.style.Style({
        image: new ol.style.Circle({
          radius: 6,
          fill: new ol.style.Fill({ color: colours[status] || '#333333' }),
          stroke: new ol.style.Stroke({ color: surveyed ? '#111111' : '#ffffff', width: surveyed ? 3 : 1.5 }),
        }),
      })];
      styles[key] = list;
    }
    const result = styles[key].slice();
    if (surveyed) {
      // Where the survey found the pillar, as a cross: beside the planned position it shows the offset at large scales.
      result.push(new ol.style.Style({
        geometry: new ol.geom.Point(ol.proj.fromLonLat(feature.get('surveyed'))),
        image: new ol.style.RegularShape({ points: 4, radius: 6, radius2: 0, angle: Math.PI / 4, stroke: new ol.style.Stroke({ color: '#111111', width: 2 }) }),
      }));
    }
    return result;
  }

  const source = new ol.source.Vector({ features: features });
  const map = new ol.Map({
    target: 'pillar-map',
    layers: [new ol.layer.Vector({ source: source, style: style })],
    view: new ol.View({ center: ol.proj.fromLonLat([45.6, 40.1]), zoom: 7 }),
  });
  if (features.length > 0) {
    map.getView().fit(source.getExtent(), { padding: [30, 30, 30, 30], maxZoom: 15 });
  }

  // The number of pillars drawn once the map has rendered, for tests and for scripts that wait on the view.
  map.once('rendercomplete', function () {
    document.body.dataset.pillarsDrawn = String(source.getFeatures().length);
  });

  map.on('click', function (event) {
    const hit = map.forEachFeatureAtPixel(event.pixel, function (feature) { return feature; });
    if (hit) {
      window.location.href = hit.get('link');
    }
  });
  map.on('pointermove', function (event) {
    map.getTargetElement().style.cursor = map.hasFeatureAtPixel(event.pixel) ? 'pointer' : '';
  });
}());

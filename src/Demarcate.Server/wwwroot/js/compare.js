// The comparison view's map: the discrepancy polygons between two lines, coloured by the party that holds
// each under line B, the polygons within the sources' accuracy greyed out, over the settlements; the view fits
// the polygons. The server computed everything; the page carries the polygons as GeoJSON.
(function () {
  'use strict';

  const texts = JSON.parse(document.getElementById('map-texts').textContent);
  const collection = JSON.parse(document.getElementById('compare-polygons').textContent);
  const parties = JSON.parse(document.getElementById('compare-parties').textContent);
  const status = document.getElementById('map-status');
  const format = new ol.format.GeoJSON({ dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' });

  // The same two colours as the legend the page draws: the party on the section's left, the party on its right.
  const holderColors = {};
  holderColors[parties.left] = [31, 95, 153];
  holderColors[parties.right] = [192, 57, 43];

  function polygonStyle(feature) {
    const significant = feature.get('significant');
    const rgb = significant ? (holderColors[feature.get('holder_under_b')] || [90, 90, 90]) : [176, 176, 176];
    return new ol.style.Style({
      fill: new ol.style.Fill({ color: 'rgba(' + rgb.join(',') + ',' + (significant ? 0.45 : 0.25) + ')' }),
      stroke: new ol.style.Stroke({ color: 'rgb(' + rgb.join(',') + ')', width: significant ? 1.5 : 0.5 }),
    });
  }

  const polygons = new ol.source.Vector({ features: format.readFeatures(collection) });
  const map = new ol.Map({
    target: 'map',
    layers: [
      new ol.layer.Vector({
        source: new ol.source.Vector({ url: '/api/layers/settlements', format: format, attributions: 'GeoNames (CC BY 4.0)' }),
        style: new ol.style.Style({
          image: new ol.style.Circle({ radius: 2.5, fill: new ol.style.Fill({ color: '#6c5b7b' }) }),
        }),
      }),
      new ol.layer.Vector({ source: polygons, style: polygonStyle }),
    ],
    view: new ol.View({ center: ol.proj.fromLonLat([45.6, 40.1]), zoom: 7 }),
    controls: ol.control.defaults.defaults({ attributionOptions: { collapsible: false } })
      .extend([new ol.control.ScaleLine({ bar: true, text: true, minWidth: 120 })]),
  });

  if (polygons.getFeatures().length > 0) {
    map.getView().fit(polygons.getExtent(), { padding: [20, 20, 20, 20] });
  }

  // For tests and scripts: how many polygons are drawn, and when the view has settled.
  document.body.dataset.polygons = String(polygons.getFeatures().length);
  map.once('rendercomplete', function () {
    document.body.dataset.compareRendered = 'true';
    status.hidden = true;
  });
}());

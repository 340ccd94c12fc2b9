// A source's scan drawn in place: the image is a static image in its own pixel projection, and OpenLayers' raster
// reprojection warps it onto the map through the fitted polynomials the server sent (pixel ↔ WGS 84, both ways).
// The server did the geodesy; the browser only evaluates two polynomials and Web Mercator.
(function () {
  'use strict';

  const fit = JSON.parse(document.getElementById('scan-fit').textContent);
  const status = document.getElementById('map-status');
  const width = fit.width;
  const height = fit.height;

  // Terms 1, u, v (then u², u·v, v²) in centred, scaled input, exactly as ScanPolynomial defines them.
  function evaluate(p, first, second) {
    const u = (first - p.centre[0]) / p.scale;
    const v = (second - p.centre[1]) / p.scale;
    const t = p.order === 1 ? [1, u, v] : [1, u, v, u * u, u * v, v * v];
    let x = 0;
    let y = 0;
    for (let i = 0; i < t.length; i++) {
      x += p.x[i] * t[i];
      y += p.y[i] * t[i];
    }
    return [x, y];
  }

  // The scan's own projection: x is the pixel column, y the height minus the pixel row, so north is up as
  // OpenLayers expects and the image's extent is [0, 0, width, height].
  const scanProjection = new ol.proj.Projection({
    code: 'DEMARCATE-SCAN:' + fit.file + '#' + fit.number,
    units: 'pixels',
    extent: [0, 0, width, height],
  });
  ol.proj.addProjection(scanProjection);
  ol.proj.addCoordinateTransforms(
    scanProjection,
    'EPSG:3857',
    function (coordinate) {
      return ol.proj.fromLonLat(evaluate(fit.display.pixelToWgs84, coordinate[0], height - coordinate[1]));
    },
    function (coordinate) {
      const pixel = evaluate(fit.display.wgs84ToPixel, ...ol.proj.toLonLat(coordinate));
      return [pixel[0], height - pixel[1]];
    });

  const footprint = new ol.geom.Polygon([fit.display.footprint.concat([fit.display.footprint[0]])]).transform('EPSG:4326', 'EPSG:3857');
  const map = new ol.Map({
    target: 'scan-map',
    layers: [
      new ol.layer.Image({
        source: new ol.source.ImageStatic({
          url: fit.fileHref,
          projection: scanProjection,
          imageExtent: [0, 0, width, height],
        }),
      }),
      new ol.layer.Vector({
        source: new ol.source.Vector({ features: [new ol.Feature(footprint)] }),
        style: new ol.style.Style({ stroke: new ol.style.Stroke({ color: '#1f5f99', width: 1 }) }),
      }),
    ],
    view: new ol.View({ center: ol.extent.getCenter(footprint.getExtent()), zoom: 9 }),
    controls: ol.control.defaults.defaults({ attributionOptions: { collapsible: false } })
      .extend([new ol.control.ScaleLine({ bar: true, text: true, minWidth: 120 })]),
  });
  map.getView().fit(footprint.getExtent(), { padding: [20, 20, 20, 20] });

  // For tests and scripts: when the warped scan has been drawn.
  map.once('rendercomplete', function () {
    document.body.dataset.scanRendered = 'true';
    status.hidden = true;
  });
}());

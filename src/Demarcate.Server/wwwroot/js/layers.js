// The layers every map of the commission draws alike, defined once: the basemap from the commission's own data (a
// graticule and the settlements as vector tiles) and the sectors of the line in force (vector tiles, coloured by their
// status, each labelled once). /map (map.js) and /incidents (incidents.js) take them from here, so a sector or a town
// looks the same on both. Nothing here comes from the internet: the tiles are the server's own (/tiles/...).
window.DemarcateLayers = (function () {
  'use strict';

  // Vector tiles count themselves on <body> (tiles and features received per layer), so that a test (or a curious
  // user) can see what arrived.
  function counted(source, name) {
    source.on('tileloadend', function (event) {
      const body = document.body.dataset;
      body[name + 'Tiles'] = String(Number(body[name + 'Tiles'] || 0) + 1);
      body[name + 'Features'] = String(Number(body[name + 'Features'] || 0) + (event.tile.getFeatures() || []).length);
    });
    return source;
  }

  function graticule() {
    return new ol.layer.Graticule({
      strokeStyle: new ol.style.Stroke({ color: 'rgba(60, 70, 80, 0.25)', width: 1, lineDash: [2, 4] }),
      showLabels: true,
      // Longitude labels along the top, clear of the scale bar and the attribution.
      lonLabelPosition: 0.98,
      wrapX: false,
    });
  }

  const settlementColors = { AM: '#6c5b7b', AZ: '#355c7d' };
  function settlementStyle(feature, resolution) {
    const code = feature.get('featureCode');
    const major = code === 'PPLC' || code === 'PPLA';
    const styles = [new ol.style.Style({
      image: new ol.style.Circle({
        radius: code === 'PPLC' ? 6 : major ? 4 : 2.5,
        fill: new ol.style.Fill({ color: settlementColors[feature.get('country')] || '#555' }),
        stroke: new ol.style.Stroke({ color: '#fff', width: 1 }),
      }),
    })];
    if (code === 'PPLC' || (major && resolution < 600) || resolution < 120) {
      styles.push(new ol.style.Style({
        text: new ol.style.Text({
          text: feature.get('name'), font: '11px sans-serif', offsetY: -10,
          fill: new ol.style.Fill({ color: '#333' }), stroke: new ol.style.Stroke({ color: '#fff', width: 3 }),
        }),
      }));
    }
    return styles;
  }

  // Settlements come as vector tiles (/tiles/settlements/z/x/y.mvt): only the tiles in view are fetched.
  function settlements() {
    return new ol.layer.VectorTile({
      source: counted(new ol.source.VectorTile({
        url: '/tiles/settlements/{z}/{x}/{y}.mvt',
        format: new ol.format.MVT(),
        attributions: 'GeoNames (CC BY 4.0)',
        maxZoom: 14,
      }), 'settlement'),
      style: settlementStyle,
      declutter: true,
    });
  }

  // Sectors come as vector tiles (/tiles/sectors/z/x/y.mvt), coloured by their status in the commission's workflow;
  // neighbours alternate in strength so that each stretch reads on its own. A sector crossing tiles arrives in pieces,
  // each carrying the point where the whole sector's label sits (the middle of its longest part, labelLon/labelLat):
  // every piece draws the label there and decluttering keeps one.
  const sectorColours = {
    NotStarted: [110, 122, 138], UnderDiscussion: [214, 137, 16], AgreedInPrinciple: [31, 95, 153],
    Delimited: [30, 132, 73], Demarcated: [20, 100, 60], Verified: [14, 80, 45],
  };
  const sectorStyles = {};
  function sectorStyle(feature) {
    const odd = (feature.get('number') || 0) % 2 === 1;
    const rgb = sectorColours[feature.get('status')] || [20, 50, 79];
    const key = rgb.join(',') + (odd ? ',0.30' : ',0.50');
    const stroke = sectorStyles[key] || (sectorStyles[key] = new ol.style.Style({ stroke: new ol.style.Stroke({ color: 'rgba(' + key + ')', width: 8 }) }));
    const styles = [stroke];
    const lon = feature.get('labelLon');
    const lat = feature.get('labelLat');
    if (typeof lon === 'number' && typeof lat === 'number') {
      styles.push(new ol.style.Style({
        geometry: new ol.geom.Point(ol.proj.fromLonLat([lon, lat])),
        text: new ol.style.Text({
          text: String(feature.getId()), font: 'bold 12px sans-serif', offsetX: 22,
          fill: new ol.style.Fill({ color: '#14324f' }), stroke: new ol.style.Stroke({ color: '#fff', width: 3 }),
        }),
      }));
    }
    return styles;
  }

  function sectors() {
    return new ol.layer.VectorTile({
      source: counted(new ol.source.VectorTile({
        url: '/tiles/sectors/{z}/{x}/{y}.mvt',
        format: new ol.format.MVT({ idProperty: 'id' }),
        maxZoom: 16,
      }), 'sector'),
      style: sectorStyle,
      declutter: 'sectors',
    });
  }

  return { counted: counted, graticule: graticule, settlements: settlements, sectors: sectors, sectorStyle: sectorStyle, settlementStyle: settlementStyle };
}());

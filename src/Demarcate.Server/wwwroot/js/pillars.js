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

  // "Plan this sector" (shown to those who plan for a delegation): a dry run through the API, drawn on the map as
  // hollow marks with the table of reasons; then the same plan registered as the delegation's draft.
  const form = document.getElementById('plan-form');
  if (!form) {
    return;
  }

  const texts = JSON.parse(document.getElementById('pillar-texts').textContent);
  function say(key, value) {
    return (texts['pillars.js.' + key] || key).replace('{0}', value === undefined ? '' : String(value));
  }

  const planSource = new ol.source.Vector();
  const planStyle = new ol.style.Style({
    image: new ol.style.Circle({ radius: 5, fill: new ol.style.Fill({ color: 'rgba(255,255,255,0.6)' }), stroke: new ol.style.Stroke({ color: '#b03a2e', width: 2 }) }),
  });
  map.addLayer(new ol.layer.Vector({ source: planSource, style: planStyle }));
  const state = document.getElementById('plan-state');
  const problems = document.getElementById('plan-problems');
  const result = document.getElementById('plan-result');
  const registerButton = document.getElementById('plan-register');

  function request(register) {
    const sector = form.elements.sector.value;
    const options = {};
    ['minTurn', 'primarySpacing', 'secondarySpacing'].forEach(function (name) {
      if (form.elements[name].value !== '') {
        options[name] = Number(form.elements[name].value);
      }
    });
    if (form.elements.terrainCrs.value !== '') {
      options.terrainCrs = form.elements.terrainCrs.value;
    }
    const url = '/api/sectors/' + encodeURIComponent(sector) + '/pillars/plan' + (register ? '?register=true' : '');
    const terrain = form.elements.terrain.files[0];
    let init;
    if (terrain) {
      const body = new FormData();
      body.append('options', JSON.stringify(options));
      body.append('terrain', terrain);
      init = { method: 'POST', headers: { Accept: 'application/json' }, body: body };
    } else {
      init = { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(options) };
    }
    state.textContent = say('planning');
    problems.replaceChildren();
    return fetch(url, init).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body, sector: sector }; });
    });
  }

  function show(plan) {
    planSource.clear();
    const rows = result.querySelector('tbody');
    rows.replaceChildren();
    plan.pillars.forEach(function (p) {
      const feature = new ol.Feature(new ol.geom.Point(ol.proj.fromLonLat([p.longitude, p.latitude])));
      feature.set('number', p.number);
      planSource.addFeature(feature);
      const row = document.createElement('tr');
      row.dataset.planned = p.number;
      row.dataset.reason = p.reason;
      [p.number, p.type, p.reason + (p.feature ? ': ' + p.feature : ''), p.chainage.toFixed(1), p.movedFor || ''].forEach(function (text, i) {
        const cell = document.createElement('td');
        cell.textContent = text;
        if (i === 3) {
          cell.className = 'num';
        }
        row.appendChild(cell);
      });
      rows.appendChild(row);
    });
    result.hidden = false;
    if (plan.pillars.length > 0) {
      map.getView().fit(planSource.getExtent(), { padding: [30, 30, 30, 30], maxZoom: 15 });
    }
    state.textContent = say('planned', plan.pillars.length) + (plan.notes.length > 0 ? ' ' + plan.notes.join('; ') : '');
    document.body.dataset.planDrawn = String(planSource.getFeatures().length);
  }

  function refuse(answer) {
    state.textContent = answer.body.title || answer.body.detail || String(answer.status);
    (answer.body.problems || []).forEach(function (p) {
      const item = document.createElement('li');
      item.textContent = p.file + (p.line ? ' ' + say('line', p.line) : '') + ': ' + p.reason;
      problems.appendChild(item);
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    request(false).then(function (answer) {
      if (answer.status === 200) {
        show(answer.body);
        registerButton.hidden = false;
      } else {
        registerButton.hidden = true;
        refuse(answer);
      }
    }).catch(function (error) {
      state.textContent = say('failed', error.message);
    });
  });

  registerButton.addEventListener('click', function () {
    request(true).then(function (answer) {
      if (answer.status === 200) {
        window.location.assign('/pillars?sector=' + encodeURIComponent(answer.sector) + '&registered=' + answer.body.registered);
      } else {
        refuse(answer);
      }
    }).catch(function (error) {
      state.textContent = say('failed', error.message);
    });
  });
}());

// The description editor: the canonical text is re-resolved by the server as the author types (debounced), the
// resolved legs and turning points are drawn over the sector's line in force, and every problem is listed and
// marked in the gutter on its line. Saving goes to the store through the API, which decides what is consistent.
(function () {
  'use strict';

  const config = JSON.parse(document.getElementById('description-config').textContent);
  const texts = JSON.parse(document.getElementById('description-texts').textContent);
  const textarea = document.getElementById('description-text');
  const gutter = document.getElementById('description-gutter');
  const problemList = document.getElementById('description-problems');
  const state = document.getElementById('description-state');
  const saveResult = document.getElementById('save-result');
  const format = new ol.format.GeoJSON({ dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' });

  function say(key, value) {
    return (texts['description.js.' + key] || key).replace('{0}', value === undefined ? '' : String(value));
  }

  const sectorSource = new ol.source.Vector();
  if (config.sectorLine) {
    sectorSource.addFeature(new ol.Feature(format.readGeometry(config.sectorLine)));
  }

  const preview = new ol.source.Vector();
  function previewStyle(feature) {
    if (feature.getGeometry().getType() === 'Point') {
      return new ol.style.Style({
        image: new ol.style.Circle({ radius: 4, fill: new ol.style.Fill({ color: '#c0392b' }), stroke: new ol.style.Stroke({ color: '#fff', width: 1 }) }),
        text: new ol.style.Text({ text: feature.get('turning_point'), offsetY: -12, font: '12px sans-serif', stroke: new ol.style.Stroke({ color: '#fff', width: 3 }) }),
      });
    }

    return new ol.style.Style({ stroke: new ol.style.Stroke({ color: '#c0392b', width: 2.5 }) });
  }

  const map = new ol.Map({
    target: 'map',
    layers: [
      new ol.layer.Vector({ source: sectorSource, style: new ol.style.Style({ stroke: new ol.style.Stroke({ color: '#1f5f99', width: 5, lineDash: [8, 6] }) }) }),
      new ol.layer.Vector({ source: preview, style: previewStyle }),
    ],
    view: new ol.View({ center: ol.proj.fromLonLat([45.6, 40.1]), zoom: 7 }),
    controls: ol.control.defaults.defaults().extend([new ol.control.ScaleLine({ bar: true, text: true, minWidth: 100 })]),
  });
  if (sectorSource.getFeatures().length > 0) {
    map.getView().fit(sectorSource.getExtent(), { padding: [20, 20, 20, 20] });
  }

  // One gutter row per line of the text, marked where a problem lies; it scrolls with the text.
  function drawGutter(problemLines) {
    const count = textarea.value.split('\n').length;
    const rows = [];
    for (let i = 1; i <= count; i++) {
      const row = document.createElement('div');
      row.textContent = (problemLines.has(i) ? '● ' : '') + i;
      if (problemLines.has(i)) {
        row.className = 'bad';
        row.dataset.line = String(i);
        row.title = say('problemat', i);
      }

      rows.push(row);
    }

    gutter.replaceChildren.apply(gutter, rows);
    gutter.scrollTop = textarea.scrollTop;
  }

  function showProblems(problems) {
    const lines = new Set(problems.filter(function (p) { return p.line; }).map(function (p) { return p.line; }));
    problemList.replaceChildren();
    problems.forEach(function (p) {
      const item = document.createElement('li');
      if (p.line) {
        item.dataset.line = String(p.line);
        const link = document.createElement('a');
        link.href = '#description-text';
        link.textContent = say('line', p.line) + ': ';
        link.addEventListener('click', function (event) {
          event.preventDefault();
          selectLine(p.line);
        });
        item.append(link);
      }

      item.append(document.createTextNode(p.message));
      problemList.append(item);
    });
    drawGutter(lines);
    document.body.dataset.problemLines = Array.from(lines).sort(function (x, y) { return x - y; }).join(',');
  }

  function selectLine(line) {
    const all = textarea.value.split('\n');
    let start = 0;
    for (let i = 0; i < line - 1 && i < all.length; i++) {
      start += all[i].length + 1;
    }

    textarea.focus();
    textarea.setSelectionRange(start, start + (all[line - 1] || '').length);
  }

  let pending = null;
  let fitted = false;
  let generation = 0;
  function resolveSoon() {
    clearTimeout(pending);
    state.textContent = say('checking');
    pending = setTimeout(resolveNow, 400);
  }

  function resolveNow() {
    const mine = ++generation;
    return fetch(config.resolve, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/geo+json' },
      body: JSON.stringify({ text: textarea.value }),
    }).then(function (response) {
      return response.ok ? response.json() : Promise.reject(new Error(String(response.status)));
    }).then(function (collection) {
      if (mine !== generation) {
        return; // a newer text is being checked
      }

      preview.clear();
      preview.addFeatures(format.readFeatures(collection));
      const legs = collection.features.filter(function (f) { return f.geometry.type === 'LineString'; }).length;
      state.textContent = collection.consistent ? say('consistent', legs) : say('inconsistent', collection.problems.length);
      showProblems(collection.problems);
      document.body.dataset.previewLegs = String(legs);
      document.body.dataset.previewConsistent = String(collection.consistent);
      // The first time something is drawn outside the view, the view takes in both the sector and the drawing.
      const view = map.getView();
      if (legs > 0 && !fitted && !ol.extent.containsExtent(view.calculateExtent(map.getSize()), preview.getExtent())) {
        const both = ol.extent.extend(ol.extent.createEmpty(), preview.getExtent());
        if (sectorSource.getFeatures().length > 0) {
          ol.extent.extend(both, sectorSource.getExtent());
        }

        view.fit(both, { padding: [20, 20, 20, 20], maxZoom: 16 });
        fitted = true;
      }

      return collection;
    }).catch(function (error) {
      state.textContent = say('failed', error.message);
    });
  }

  // A consistent save is checked against the latest text first, so that a description with problems is not sent only
  // to be refused; the store still decides, and its refusal (422 with the problems) is shown the same way.
  function save(asDraft) {
    clearTimeout(pending);
    resolveNow().then(function (collection) {
      if (!asDraft && collection && !collection.consistent) {
        saveResult.textContent = say('refused', collection.problems.length);
        return;
      }

      send(asDraft);
    });
  }

  function send(asDraft) {
    const precedence = document.getElementById('description-precedence').value;
    saveResult.textContent = say('saving');
    fetch(config.save, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ text: textarea.value, basedOn: config.basedOn, draft: asDraft, precedence: precedence }),
    }).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    }).then(function (answer) {
      if (answer.status === 201) {
        window.location.assign('?version=' + encodeURIComponent(answer.body.id));
      } else if (answer.status === 409) {
        saveResult.textContent = say('stale', answer.body.currentVersion);
      } else if (answer.status === 422 && answer.body.problems) {
        saveResult.textContent = say('refused', answer.body.problems.length);
        showProblems(answer.body.problems);
      } else {
        saveResult.textContent = answer.body.detail || answer.body.title || String(answer.status);
      }
    }).catch(function (error) {
      saveResult.textContent = say('failed', error.message);
    });
  }

  textarea.addEventListener('input', resolveSoon);
  textarea.addEventListener('scroll', function () { gutter.scrollTop = textarea.scrollTop; });
  const draftButton = document.getElementById('save-draft');
  if (draftButton) {
    draftButton.addEventListener('click', function () { save(true); });
    document.getElementById('save-consistent').addEventListener('click', function () { save(false); });
  }

  drawGutter(new Set());
  resolveNow();
}());

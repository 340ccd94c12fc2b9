// A pillar's witness marks for the survey teams: add a mark, change one (its row's Edit fills the form) or remove one.
// The page holds the marks as they were read; saving sends the whole set back with the pillar's version, so a change
// made meanwhile is reported as a conflict, not overwritten. On success the page is read again.
(function () {
  'use strict';

  const section = document.getElementById('witness-marks-editor');
  const texts = JSON.parse(document.getElementById('witness-texts').textContent);
  const marks = JSON.parse(document.getElementById('witness-marks-data').textContent);
  const form = document.getElementById('witness-form');
  const state = document.getElementById('witness-state');
  const problems = document.getElementById('witness-problems');
  const api = section.dataset.api + '/witness-marks';

  function say(key, value) {
    return (texts['pillar.js.' + key] || key).replace('{0}', value === undefined ? '' : String(value));
  }

  function number(text) {
    return text === '' ? null : Number(text);
  }

  function save(set) {
    state.textContent = say('saving');
    problems.replaceChildren();
    fetch(api, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ version: Number(section.dataset.version), marks: set }),
    }).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    }).then(function (result) {
      if (result.status === 200) {
        window.location.reload();
        return;
      }
      if (result.status === 409) {
        state.textContent = say('stale', result.body.currentVersion);
        return;
      }
      state.textContent = result.body.title || result.body.detail || String(result.status);
      (result.body.problems || []).forEach(function (p) {
        const item = document.createElement('li');
        item.textContent = p.reason;
        problems.appendChild(item);
      });
    }).catch(function (error) {
      state.textContent = say('failed', error.message);
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    const f = form.elements;
    const mark = {
      number: number(f.number.value),
      kind: f.kind.value,
      bearing: number(f.bearing.value),
      azimuth: f.azimuth.value,
      correction: f.azimuth.value === 'True' ? null : number(f.correction.value),
      distance: number(f.distance.value),
      slopeDistance: number(f.slopeDistance.value),
      heightDifference: number(f.heightDifference.value),
      description: f.description.value,
    };
    const kept = marks.filter(function (m) { return m.number !== mark.number; });
    save(kept.concat([mark]));
  });

  document.querySelectorAll('button.witness-edit').forEach(function (button) {
    button.addEventListener('click', function () {
      const mark = marks.find(function (m) { return String(m.number) === button.dataset.mark; });
      const f = form.elements;
      f.number.value = mark.number;
      f.kind.value = mark.kind;
      f.bearing.value = mark.bearing;
      f.azimuth.value = mark.azimuth;
      f.correction.value = mark.correction === null ? '' : mark.correction;
      f.distance.value = mark.distance;
      f.slopeDistance.value = mark.slopeDistance === null ? '' : mark.slopeDistance;
      f.heightDifference.value = mark.heightDifference === null ? '' : mark.heightDifference;
      f.description.value = mark.description;
      f.kind.focus();
    });
  });

  document.querySelectorAll('button.witness-remove').forEach(function (button) {
    button.addEventListener('click', function () {
      save(marks.filter(function (m) { return String(m.number) !== button.dataset.mark; }));
    });
  });
}());

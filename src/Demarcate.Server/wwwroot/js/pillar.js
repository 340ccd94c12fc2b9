// A pillar's page for the survey teams: record an inspection (with photos) and change the status, both through the
// API; the status change carries the version the page was read at, so a change made meanwhile is a conflict, not
// overwritten. On success the page is read again, so what it shows is what the register holds.
(function () {
  'use strict';

  const section = document.getElementById('pillar-fieldwork');
  const texts = JSON.parse(document.getElementById('pillar-texts').textContent);
  const state = document.getElementById('fieldwork-state');
  const problems = document.getElementById('fieldwork-problems');
  const api = section.dataset.api;

  function say(key, value) {
    return (texts['pillar.js.' + key] || key).replace('{0}', value === undefined ? '' : String(value));
  }

  function answer(response) {
    return response.json().then(function (body) { return { status: response.status, body: body }; });
  }

  function refuse(result) {
    problems.replaceChildren();
    if (result.status === 409) {
      state.textContent = say('stale', result.body.currentVersion);
      return;
    }
    state.textContent = result.body.title || result.body.detail || String(result.status);
    (result.body.problems || []).forEach(function (p) {
      const item = document.createElement('li');
      item.textContent = p.file + ': ' + p.reason;
      problems.appendChild(item);
    });
  }

  document.getElementById('status-form').addEventListener('submit', function (event) {
    event.preventDefault();
    state.textContent = say('saving');
    fetch(api + '/status', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ status: event.target.elements.status.value, version: Number(section.dataset.version) }),
    }).then(answer).then(function (result) {
      if (result.status === 200) {
        window.location.reload();
      } else {
        refuse(result);
      }
    }).catch(function (error) {
      state.textContent = say('failed', error.message);
    });
  });

  document.getElementById('inspection-form').addEventListener('submit', function (event) {
    event.preventDefault();
    state.textContent = say('saving');
    fetch(api + '/inspections', { method: 'POST', headers: { Accept: 'application/json' }, body: new FormData(event.target) })
      .then(answer).then(function (result) {
        if (result.status === 201) {
          window.location.reload();
        } else {
          refuse(result);
        }
      }).catch(function (error) {
        state.textContent = say('failed', error.message);
      });
  });
}());
